package org.sndfuse.fuse.lowlevel;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The gate of the one receive thread kept in reserve (docs/fuse-transport.md, "Receive loop"). The kernel hands
 * each request to the reader that has waited longest, so every thread kept in {@code read(/dev/fuse)} takes its
 * turn, cold, even when the others are idle: with one reader per CPU a TRIGGER and the read it wakes meet warm
 * threads. The spare reads only while every reader is busy with a request, so a slow one (a /proc reading, a
 * large copy) never leaves the queue without a reader. Lock-free: a reader's request costs two atomic updates.
 */
final class SpareReceiver {
    private final int readers;
    private final AtomicInteger busy = new AtomicInteger();
    /** The spare waits (parked, not reading) for a wake-up. */
    private final AtomicBoolean waiting = new AtomicBoolean();
    private volatile Thread spare;
    private volatile boolean closed;

    SpareReceiver(int readers) {
        this.readers = readers;
    }

    /** A reader took a request: if none is left reading, the spare starts. */
    void begin() {
        if (busy.incrementAndGet() >= readers && waiting.compareAndSet(true, false)) {
            LockSupport.unpark(spare);
        }
    }

    /** A reader finished its request. */
    void end() {
        busy.decrementAndGet();
    }

    /**
     * Called by the spare between requests: returns at once while every reader is busy, else waits until they
     * are (or {@link #close}). False once closed.
     */
    boolean awaitNeeded() {
        spare = Thread.currentThread();
        while (!closed) {
            if (busy.get() >= readers) {
                return true;
            }
            waiting.set(true);
            if (busy.get() >= readers) { // a reader began between the check and the flag: go
                waiting.set(false);
                return true;
            }
            while (waiting.get() && !closed) {
                LockSupport.park(this);
            }
        }
        return false;
    }

    /** The session ended: the spare leaves its wait. */
    void close() {
        closed = true;
        waiting.set(false);
        Thread t = spare;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }
}
