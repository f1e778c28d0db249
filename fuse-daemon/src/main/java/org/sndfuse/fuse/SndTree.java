package org.sndfuse.fuse;

import org.sndfuse.aloop.LoopbackCard;
import org.sndfuse.clock.Clock;
import org.sndfuse.events.EventBus;
import org.sndfuse.fuse.shell.ClockShellHandle;
import org.sndfuse.fuse.shell.TimerShellHandle;
import org.sndfuse.fuse.shell.UtimerShellHandle;
import org.sndfuse.fuse.node.DirNode;
import org.sndfuse.fuse.node.FileNode;
import org.sndfuse.fuse.pcm.LoopbackNodes;
import org.sndfuse.fuse.text.EventStreamHandle;
import org.sndfuse.fuse.timer.TimerHandle;
import org.sndfuse.timer.TimerCore;
import org.sndfuse.timer.TimerProc;

/**
 * Builds the mounted tree from the models:
 * <pre>
 * snd/timer                  the timer device (binary ioctl ABI)
 * snd/controlC0, snd/pcmC0D{0,1}{p,c}   the loopback card
 * sys/module/snd_aloop/parameters/...   the module parameters
 * ctl/utimer ctl/timer ctl/clock   text control files, one session per open
 * proc/asound/...            the kernel's /proc/asound text, live
 * events                     live event stream
 * </pre>
 */
public final class SndTree {
    private SndTree() {}

    /** What the nodes are built from. {@code deviceGid} -1 means the daemon's group. */
    public record Models(Clock clock, TimerCore timers, LoopbackCard card, EventBus events, int deviceMode,
                         int deviceGid) {}

    public static DirNode build(Models m) {
        DirNode root = new DirNode("");
        DirNode snd = root.dir("snd");
        snd.add(new FileNode("timer", m.deviceMode(), m.deviceGid(), caller -> new TimerHandle(m.timers(), caller)));

        DirNode ctl = root.dir("ctl");
        ctl.add(new FileNode("utimer", m.deviceMode(), m.deviceGid(), caller -> new UtimerShellHandle(m.timers(), caller)));
        ctl.add(new FileNode("timer", m.deviceMode(), m.deviceGid(), caller -> new TimerShellHandle(m.timers(), caller)));
        ctl.add(new FileNode("clock", m.deviceMode(), m.deviceGid(), caller -> new ClockShellHandle(m.clock())));

        DirNode asound = root.dir("proc").dir("asound");
        asound.add(FileNode.text("version", () -> "Advanced Linux Sound Architecture Driver Version k"
                + System.getProperty("os.version") + ".\n"));
        asound.add(FileNode.text("timers", () -> TimerProc.render(m.timers())));

        LoopbackNodes.add(root, m.card(), m.deviceMode(), m.deviceGid());
        // readable by all; writable (posting "user" lines) by those who may use the devices
        root.add(new FileNode("events", 0444 | (m.deviceMode() & 0222), m.deviceGid(),
                caller -> new EventStreamHandle(m.events(), caller)));
        return root;
    }

}
