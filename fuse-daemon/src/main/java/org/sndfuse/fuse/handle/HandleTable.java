package org.sndfuse.fuse.handle;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

/** Open handles by FUSE file handle number (fi->fh): one entry per open file description. */
public final class HandleTable {
    private final ConcurrentHashMap<Long, Handle> handles = new ConcurrentHashMap<>();
    private final AtomicLong next = new AtomicLong(1);

    public long add(Handle h) {
        long fh = next.getAndIncrement();
        handles.put(fh, h);
        return fh;
    }

    public Handle get(long fh) {
        Handle h = handles.get(fh);
        if (h == null) {
            throw new SndException(Errno.EBADF, "unknown file handle " + fh);
        }
        return h;
    }

    public Handle remove(long fh) {
        return handles.remove(fh);
    }

    public int size() {
        return handles.size();
    }

    /** Daemon shutdown: wakes every blocked call of every handle with an error; {@code log} hears of failures. */
    public void disconnectAll(java.util.function.Consumer<String> log) {
        for (Handle h : all()) {
            try {
                h.disconnect();
            } catch (RuntimeException e) {
                log.accept("disconnect failed: " + e);
            }
        }
    }

    public List<Handle> all() {
        return new ArrayList<>(handles.values());
    }
}
