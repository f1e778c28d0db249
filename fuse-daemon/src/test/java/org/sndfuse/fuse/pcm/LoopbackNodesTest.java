package org.sndfuse.fuse.pcm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sndfuse.fuse.HandleTestSupport.assertErrno;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sndfuse.abi.pcm.PcmStream;
import org.sndfuse.aloop.LoopbackCard;
import org.sndfuse.clock.VirtualClock;
import org.sndfuse.errno.Errno;
import org.sndfuse.timer.TimerCore;

/** The package-private pieces of the loopback's nodes: /proc/asound/devices, node names, profile keys. */
class LoopbackNodesTest {
    private final VirtualClock clock = new VirtualClock();
    private final TimerCore core = new TimerCore(clock, 250);
    private final List<String> log = new ArrayList<>();

    @Test
    void devicesText() {
        LoopbackCard card = new LoopbackCard(core, clock, 8, "", log::add);
        assertEquals("  0: [ 0]   : control\n"
                + " 16: [ 0- 0]: digital audio playback\n"
                + " 17: [ 0- 1]: digital audio playback\n"
                + " 24: [ 0- 0]: digital audio capture\n"
                + " 25: [ 0- 1]: digital audio capture\n"
                + " 33:        : timer\n", new org.sndfuse.aloop.LoopbackProc(card).devices());
    }

    @Test
    void devicesTextDoesNotDependOnSubstreams() {
        LoopbackCard one = new LoopbackCard(core, clock, 1, "", log::add);
        LoopbackCard eight = new LoopbackCard(core, clock, 8, "-1.4.0", log::add);
        assertEquals(new org.sndfuse.aloop.LoopbackProc(eight).devices(), new org.sndfuse.aloop.LoopbackProc(one).devices());
    }

    @Test
    void nodeNames() {
        assertEquals("pcmC0D0p", PcmNodes.nodeName(0, PcmStream.PLAYBACK));
        assertEquals("pcmC0D0c", PcmNodes.nodeName(0, PcmStream.CAPTURE));
        assertEquals("pcmC0D1p", PcmNodes.nodeName(1, PcmStream.PLAYBACK));
        assertEquals("pcmC0D1c", PcmNodes.nodeName(1, PcmStream.CAPTURE));
    }

    @Test
    void profileKeys() {
        assertEquals("C0D0p", ShellProfiles.nodeKey("C0D0p"));
        assertEquals("C0D0p", ShellProfiles.nodeKey("pcmC0D0p"));
        assertEquals("C0D1c", ShellProfiles.nodeKey("pcmC0D1c"));
        for (String bad : new String[] {"", "pcm", "C0D2c", "C1D0p", "pcmC0D0", "C0D0P", "controlC0", "timer"}) {
            assertErrno(Errno.ENOENT, () -> ShellProfiles.nodeKey(bad));
        }
    }
}
