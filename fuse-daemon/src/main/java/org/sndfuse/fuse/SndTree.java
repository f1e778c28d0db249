package org.sndfuse.fuse;

import org.sndfuse.fuse.node.DirNode;
import org.sndfuse.fuse.node.FileNode;
import org.sndfuse.fuse.timer.TimerHandle;
import org.sndfuse.timer.TimerCore;

/** Builds the mounted tree from the models: {@code snd/timer}, and the nodes later issues add. */
public final class SndTree {
    private SndTree() {}

    /**
     * @param deviceMode permission bits of device nodes (0660 like /dev/snd)
     * @param deviceGid  their group, or -1 for the daemon's
     */
    public static DirNode build(TimerCore timers, int deviceMode, int deviceGid) {
        DirNode root = new DirNode("");
        DirNode snd = root.dir("snd");
        snd.add(new FileNode("timer", deviceMode, deviceGid, caller -> new TimerHandle(timers, caller)));
        return root;
    }
}
