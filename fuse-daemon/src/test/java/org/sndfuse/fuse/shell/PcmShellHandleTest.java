package org.sndfuse.fuse.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sndfuse.fuse.HandleTestSupport.assertErrno;
import static org.sndfuse.fuse.HandleTestSupport.readAvailable;
import static org.sndfuse.fuse.HandleTestSupport.write;
import static org.sndfuse.fuse.HandleTestSupport.writeFails;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sndfuse.abi.pcm.PcmFormat;
import org.sndfuse.aloop.StreamProfile;
import org.sndfuse.errno.Errno;
import org.sndfuse.fuse.pcm.ShellProfiles;

/** {@code ctl/pcm}: set / clear / show of stream profiles, and {@link ShellProfiles}' node names. */
class PcmShellHandleTest {
    private final ShellProfiles profiles = new ShellProfiles();
    private final PcmShellHandle h = new PcmShellHandle(profiles);

    @Test
    void setThenShow() {
        write(h, "set C0D0p format=S16_LE rate=48000 channels=2 period=960 buffer=3840\n");
        assertEquals("", readAvailable(h), "set answers nothing");
        write(h, "show\n");
        assertEquals("C0D0p format=S16_LE rate=48000 channels=2 period=960 buffer=3840 start=1\n", readAvailable(h));
        StreamProfile p = profiles.get("C0D0p");
        assertEquals(new StreamProfile(PcmFormat.S16_LE, 48000, 2, 960, 3840, 1), p);
    }

    @Test
    void setWithDefaults() {
        write(h, "set C0D1c\n");
        write(h, "show\n");
        assertEquals("C0D1c format=S16_LE rate=48000 channels=2 period=960 buffer=3840 start=1\n", readAvailable(h));
        write(h, "set C0D1c rate=44100 format=s32_le start=882\n");
        write(h, "show\n");
        assertEquals("C0D1c format=S32_LE rate=44100 channels=2 period=882 buffer=3528 start=882\n", readAvailable(h),
                "a second set replaces the profile; the period follows the rate");
    }

    @Test
    void showIsSortedByNode() {
        write(h, "set C0D1c\nset C0D0p channels=1\nset pcmC0D1p period=480\nset C0D0c buffer=9600\n");
        write(h, "show\n");
        assertEquals("C0D0c format=S16_LE rate=48000 channels=2 period=960 buffer=9600 start=1\n"
                + "C0D0p format=S16_LE rate=48000 channels=1 period=960 buffer=3840 start=1\n"
                + "C0D1c format=S16_LE rate=48000 channels=2 period=960 buffer=3840 start=1\n"
                + "C0D1p format=S16_LE rate=48000 channels=2 period=480 buffer=1920 start=1\n", readAvailable(h));
    }

    @Test
    void showWithNothingSetIsEmpty() {
        write(h, "show\n");
        assertEquals("", readAvailable(h));
    }

    @Test
    void bothNodeNameFormsNameTheSameNode() {
        write(h, "set pcmC0D0p rate=96000\n");
        assertNotNull(profiles.get("C0D0p"));
        assertEquals(96000, profiles.get("pcmC0D0p").rate());
        write(h, "clear C0D0p\n");
        assertNull(profiles.get("pcmC0D0p"));
        write(h, "set C0D1p\nclear pcmC0D1p\nshow\n");
        assertEquals("", readAvailable(h));
        assertTrue(profiles.all().isEmpty());
    }

    @Test
    void clearOfANodeWithoutProfileIsFine() {
        write(h, "clear C0D0c\n");
        assertEquals("", readAvailable(h));
    }

    @ParameterizedTest
    @ValueSource(strings = {"C1D0p", "C0D2p", "C0D0x", "C0D0", "c0d0p", "pcmC0D0", "D0p", "C0D0pp", "pcm", "hw:0,0",
        "pcmpcmC0D0p", "C0D-1p", "C00D0p"})
    void badNodeIsEnoent(String node) {
        writeFails(h, "set " + node + " rate=48000\n", Errno.ENOENT);
        assertTrue(readAvailable(h).startsWith("error ENOENT: no PCM node '"));
        writeFails(h, "clear " + node + "\n", Errno.ENOENT);
        assertErrno(Errno.ENOENT, () -> profiles.get(node));
        assertTrue(profiles.all().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"foo=1", "rate", "=48000", "rate=", "rate=abc", "rate=0", "rate=-1", "rate=2147483648",
        "channels=0", "period=x", "buffer=0", "start=0", "format=NOPE", "format=", "rate=48000 bogus",
        "rate=48000 extra=1"})
    void badKeysOrValuesAreEinval(String words) {
        writeFails(h, "set C0D0p " + words + "\n", Errno.EINVAL);
        assertTrue(readAvailable(h).startsWith("error EINVAL: "));
        assertNull(profiles.get("C0D0p"), "nothing stored");
    }

    @Test
    void refusedSetKeepsThePreviousProfile() {
        write(h, "set C0D0p rate=44100\n");
        writeFails(h, "set C0D0p rate=0\n", Errno.EINVAL);
        assertEquals(44100, profiles.get("C0D0p").rate());
    }

    @Test
    void commandShapes() {
        writeFails(h, "set\n", Errno.EINVAL);
        assertTrue(readAvailable(h).startsWith("error EINVAL: set needs a node"));
        writeFails(h, "clear\n", Errno.EINVAL);
        writeFails(h, "clear C0D0p C0D1c\n", Errno.EINVAL);
        writeFails(h, "show C0D0p\n", Errno.EINVAL);
        readAvailable(h);
        writeFails(h, "get C0D0p\n", Errno.EINVAL);
        assertEquals("error EINVAL: unknown command 'get' (expected set NODE KEY=VALUE..., clear NODE or show)\n",
                readAvailable(h));
    }

    @Test
    void profilesAreSharedBetweenSessions() {
        write(h, "set C0D0p channels=1\n");
        PcmShellHandle other = new PcmShellHandle(profiles);
        write(other, "show\n");
        assertEquals("C0D0p format=S16_LE rate=48000 channels=1 period=960 buffer=3840 start=1\n", readAvailable(other));
        other.release();
        assertNotNull(profiles.get("C0D0p"), "profiles stay until cleared");
    }
}
