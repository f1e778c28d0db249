package org.sndfuse.fuse.pcm;

import java.util.concurrent.ConcurrentHashMap;

/**
 * PCM_PREFER_SUBDEVICE: the subdevice a process asked for on its control descriptor, used by that process's
 * next PCM open (the kernel looks up the caller's control file by pid). Forgotten when that descriptor closes.
 */
public final class PreferredSubdevices {
    private record Entry(Object owner, int subdevice) {}

    private final ConcurrentHashMap<Integer, Entry> byPid = new ConcurrentHashMap<>();

    void set(int pid, Object owner, int subdevice) {
        byPid.put(pid, new Entry(owner, subdevice));
    }

    void clear(int pid, Object owner) {
        byPid.computeIfPresent(pid, (k, e) -> e.owner() == owner ? null : e);
    }

    /** The preferred subdevice of {@code pid}, or -1. */
    public int get(int pid) {
        Entry e = byPid.get(pid);
        return e == null ? -1 : e.subdevice();
    }
}
