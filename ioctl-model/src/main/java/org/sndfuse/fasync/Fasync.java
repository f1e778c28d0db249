package org.sndfuse.fasync;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

/**
 * An object's list of async registrations, the kernel's {@code struct fasync_struct *fasync} of a timer user,
 * a PCM runtime or a control file (fs/fcntl.c: fasync_helper, kill_fasync): at most one entry per open file
 * description (the key), replaced when the description registers again, dropped when it turns O_ASYNC off or
 * is released. {@link #kill()} is the kernel's kill_fasync: it returns the action that sends one signal to each
 * entry, for the caller to run after it has unlocked (its DeferringLock's defer, or after unlock).
 *
 * <p>Thread-safe without a lock of its own (a concurrent map; a leaf, so any lock may be held while calling
 * it). A signal closed after {@link #kill()} took its snapshot sends nothing ({@link AsyncSignal#close()}).
 * Bounded: one entry per live key, none after {@link #close()}.
 */
public final class Fasync {
    private final ConcurrentHashMap<Object, AsyncSignal> entries = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** fasync_helper(on): {@code key}'s registration is now {@code signal} (an older one is closed). EBADF once closed. */
    public void add(Object key, AsyncSignal signal) {
        AsyncSignal old = entries.put(key, signal);
        if (old != null && old != signal) {
            old.close();
        }
        if (closed) {
            remove(key); // raced with close(): nothing may outlive the object
            throw new SndException(Errno.EBADF, "released");
        }
    }

    /** fasync_helper(off): drops {@code key}'s registration, if any; no signal of it is sent after this returns. */
    public void remove(Object key) {
        AsyncSignal old = entries.remove(key);
        if (old != null) {
            old.close();
        }
    }

    /** kill_fasync: the action that sends one signal to each registration now, or null when there is none. */
    public Runnable kill() {
        if (entries.isEmpty()) {
            return null;
        }
        List<AsyncSignal> now = List.copyOf(entries.values());
        return () -> now.forEach(AsyncSignal::send);
    }

    /** The object is released: every registration is dropped and later ones are refused. */
    public void close() {
        closed = true;
        entries.keySet().forEach(this::remove);
    }

    /** Registrations now (for tests and status views). */
    public int size() {
        return entries.size();
    }
}
