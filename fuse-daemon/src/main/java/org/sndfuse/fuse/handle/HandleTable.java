package org.sndfuse.fuse.handle;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

/**
 * Open handles by FUSE file handle number (fi->fh): one entry per open file description. Each entry also
 * notes what {@link LastClose} needs to know about the description's descriptors: whether a request other
 * than open has come through it (its descriptor was installed), and whether a FLUSH (one of its descriptors
 * closed) came after the last such request.
 */
public final class HandleTable {
    private static final class Entry {
        final Handle handle;
        final int opener;
        volatile boolean used;
        volatile boolean flushed;

        Entry(Handle handle, int opener) {
            this.handle = handle;
            this.opener = opener;
        }
    }

    private final ConcurrentHashMap<Long, Entry> handles = new ConcurrentHashMap<>();
    private final AtomicLong next = new AtomicLong(1);
    /** Counts opens and FLUSHes: a change while {@link LastClose} reads the fd tables makes it give up. */
    private final AtomicLong changes = new AtomicLong();

    public long add(Handle h) {
        return add(h, 0);
    }

    /** A new description opened by thread {@code opener} (the pid FUSE reported for the open). */
    public long add(Handle h, int opener) {
        long fh = next.getAndIncrement();
        handles.put(fh, new Entry(h, opener));
        changes.incrementAndGet();
        return fh;
    }

    /**
     * The handle of a request on {@code fh}: the request proves a descriptor of the description is installed,
     * and it stays in some table until a FLUSH says one was closed.
     */
    public Handle get(long fh) {
        Entry e = handles.get(fh);
        if (e == null) {
            throw new SndException(Errno.EBADF, "unknown file handle " + fh);
        }
        if (!e.used || e.flushed) {
            e.used = true;
            e.flushed = false; // a descriptor still reached it after the last close
        }
        return e.handle;
    }

    /** A FLUSH on {@code fh}: one of its descriptors was closed. Returns the handle, or null if unknown. */
    public Handle flushed(long fh) {
        Entry e = handles.get(fh);
        if (e == null) {
            return null;
        }
        e.flushed = true;
        changes.incrementAndGet();
        return e.handle;
    }

    /** Opens and FLUSHes so far. */
    long changes() {
        return changes.get();
    }

    /**
     * Open handles other than {@code except} that must each still be in some descriptor table: a request came
     * through them and no descriptor of theirs was closed since.
     */
    int surelyHeld(long except) {
        int n = 0;
        for (var e : handles.entrySet()) {
            Entry v = e.getValue();
            if (e.getKey() != except && v.used && !v.flushed) {
                n++;
            }
        }
        return n;
    }

    /** The threads that opened the open descriptions. */
    int[] openers() {
        return handles.values().stream().mapToInt(e -> e.opener).toArray();
    }

    public Handle remove(long fh) {
        Entry e = handles.remove(fh);
        return e == null ? null : e.handle;
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
        List<Handle> out = new ArrayList<>();
        for (Entry e : handles.values()) {
            out.add(e.handle);
        }
        return out;
    }
}
