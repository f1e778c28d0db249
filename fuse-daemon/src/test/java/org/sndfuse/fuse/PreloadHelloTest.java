package org.sndfuse.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sndfuse.fuse.HandleTestSupport.assertErrno;
import static org.sndfuse.fuse.HandleTestSupport.caller;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sndfuse.abi.preload.Hello;
import org.sndfuse.abi.preload.PreloadIoctl;
import org.sndfuse.abi.timer.TimerIoctl;
import org.sndfuse.aloop.LoopbackCard;
import org.sndfuse.clock.VirtualClock;
import org.sndfuse.errno.Errno;
import org.sndfuse.events.EventBus;
import org.sndfuse.fuse.control.ControlHandle;
import org.sndfuse.fuse.handle.Handle;
import org.sndfuse.fuse.handle.PreloadHello;
import org.sndfuse.fuse.node.DirNode;
import org.sndfuse.fuse.node.FileNode;
import org.sndfuse.fuse.pcm.PcmHandle;
import org.sndfuse.fuse.timer.TimerHandle;
import org.sndfuse.timer.TimerCore;

/** HELLO, the preload library's announcement (docs/preload.md), on every node of the mounted tree. */
class PreloadHelloTest {
    private final VirtualClock clock = new VirtualClock();
    private final TimerCore core = new TimerCore(clock, 250);
    private final LoopbackCard card = new LoopbackCard(core, clock, 8, "");
    private final DirNode root = SndTree.build(new SndTree.Models(clock, core, card, new EventBus(clock), 0660, 29));
    private final List<Handle> opened = new ArrayList<>();

    @AfterEach
    void releaseAll() {
        Collections.reverse(opened);
        opened.forEach(Handle::release);
    }

    private Handle open(String path) {
        Handle h = ((FileNode) SndTreeTest.at(root, path)).open(caller());
        opened.add(h);
        return h;
    }

    private static byte[] hello(int version) {
        byte[] in = new Hello(version, 0, 0).encodeOver(new byte[Hello.SIZE]);
        Arrays.fill(in, 16, 32, (byte) 0x7E);
        return in;
    }

    private static Hello say(Handle h) {
        byte[] in = hello(PreloadIoctl.VERSION);
        byte[] out = h.ioctl(PreloadIoctl.HELLO, 0, in, caller()).out();
        assertArrayEquals(Arrays.copyOfRange(in, 16, 32), Arrays.copyOfRange(out, 16, 32), "reserved bytes");
        return Hello.decode(out);
    }

    @Test
    void eachDeviceNodeAnswersWithItsKindAndMarksTheDescriptionPreloaded() {
        TimerHandle t = (TimerHandle) open("snd/timer");
        ControlHandle c = (ControlHandle) open("snd/controlC0");
        PcmHandle p = (PcmHandle) open("snd/pcmC0D0p");
        PcmHandle q = (PcmHandle) open("snd/pcmC0D1c");
        PreloadHello[] marks = {t.hello(), c.hello(), p.hello(), q.hello()};
        for (PreloadHello m : marks) {
            assertFalse(m.preloaded(), "not preloaded before HELLO");
        }
        assertEquals(PreloadIoctl.NODE_TIMER, say(t).kind());
        assertEquals(PreloadIoctl.NODE_CONTROL, say(c).kind());
        assertEquals(PreloadIoctl.NODE_PCM, say(p).kind());
        Hello hq = say(q);
        assertEquals(PreloadIoctl.NODE_PCM, hq.kind());
        assertEquals(q.hello().token(), hq.token());
        for (PreloadHello m : marks) {
            assertTrue(m.preloaded(), "preloaded after HELLO");
        }
    }

    @Test
    void tokensNameOpenFileDescriptions() {
        Handle a = open("snd/pcmC0D0p");
        Handle b = open("snd/pcmC0D0p");
        Handle t = open("snd/timer");
        long ta = say(a).token();
        assertEquals(ta, say(a).token(), "the same description, the same token");
        Set<Long> tokens = new HashSet<>(List.of(ta, say(b).token(), say(t).token()));
        assertEquals(3, tokens.size(), "distinct descriptions, distinct tokens: " + tokens);
        assertNotEquals(0L, ta);
    }

    @Test
    void anotherVersionIsRefusedAndLeavesTheDescriptionAlone() {
        TimerHandle t = (TimerHandle) open("snd/timer");
        assertErrno(Errno.EINVAL, () -> t.ioctl(PreloadIoctl.HELLO, 0, hello(PreloadIoctl.VERSION - 1), caller()));
        assertFalse(t.hello().preloaded());
    }

    @Test
    void textFilesAndOtherPrivateRequestsStayUnknown() {
        assertErrno(Errno.ENOTTY, () -> open("ctl/utimer").ioctl(PreloadIoctl.HELLO, 0, hello(1), caller()));
        assertErrno(Errno.ENOTTY, () -> open("proc/asound/timers").ioctl(PreloadIoctl.HELLO, 0, hello(1), caller()));
        Handle t = open("snd/timer");
        assertErrno(Errno.ENOTTY, () -> t.ioctl(PreloadIoctl.PCM_PAUSE, 0, new byte[4], caller()));
        assertErrno(Errno.ENOTTY, () -> t.ioctl(PreloadIoctl.PCM_LINK, 0, new byte[8], caller()));
        assertErrno(Errno.ENOTTY, () -> open("snd/controlC0").ioctl(PreloadIoctl.PCM_LINK, 0, new byte[8], caller()));
        // HELLO changes nothing else: the timer descriptor still answers as before
        say(t);
        assertErrno(Errno.ENOTTY, () -> t.ioctl(TimerIoctl.TRIGGER, 0, new byte[0], caller()));
    }
}
