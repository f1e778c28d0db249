package org.sndfuse.fuse.lowlevel;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The gate of the one receive thread kept in reserve (docs/fuse-transport.md, "Receive loop"). The kernel hands
 * each request to the reader that has waited longest, so every thread kept in {@code read(/dev/fuse)} takes its
 * turn, cold, even when the others are idle: with one reader per CPU a TRIGGER and the read it wakes meet warm
 * threads. The spare reads only while every reader is busy with a request, so a slow one (a /proc reading, a
 * large copy) never leaves the queue without a reader. It looks again after a grace period ({@link #GRACE_NANOS}) before it
 * reads: two readers overlap for microseconds all the time (a TRIGGER still finishing while the read it woke is
 * already back), and a spare that read then would take its turn cold, as a third reader would. So it reads at
 * most one request per grace period. Lock-free: a reader's request costs two atomic updates.
 */
final class SpareReceiver {
    /** How long every reader must look busy before the spare reads: far above a request's tens of µs. */
    static final long GRACE_NANOS = 500_000;

    private final int readers;
    private final long graceNanos;
    private final AtomicInteger busy = new AtomicInteger();
    /** The spare waits (parked, not reading) for a wake-up. */
    private final AtomicBoolean waiting = new AtomicBoolean();
    private volatile Thread spare;
    private volatile boolean closed;

    SpareReceiver(int readers) {
        this(readers, GRACE_NANOS);
    }

    SpareReceiver(int readers, long graceNanos) {
        this.readers = readers;
        this.graceNanos = graceNanos;
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
     * Called by the spare between requests: returns once every reader has been found busy twice, a grace period
     * apart; waits (parked) while one is free. False once closed.
     */
    boolean awaitNeeded() {
        spare = Thread.currentThread();
        while (!closed) {
            if (busy.get() >= readers) {
                LockSupport.parkNanos(this, graceNanos);
                if (busy.get() >= readers && !closed) {
                    return true;
                }
                continue;
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
