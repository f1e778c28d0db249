package org.sndfuse.fuse.handle;

import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * FLUSH, in both transports (docs/fuse-transport.md, "Close and release"): when the closed descriptor was
 * provably the last reference to its open file description, a handle that asks for it
 * ({@link Handle#releaseAtLastClose}) is released before the FLUSH is answered, so close() returns with the
 * utimer gone; the later RELEASE finds it released (release is idempotent). "Provably": every description of
 * the mount that must still be in some descriptor table ({@link HandleTable#surelyHeld}) is there, and the
 * tables of all processes ({@link FdTables}) hold no other description, so none of them holds this one; no
 * open or FLUSH arrived while they were read (else they are read again, up to {@link #ATTEMPTS} times). Anything
 * else leaves the release to RELEASE.
 *
 * <p>The tables are read on a thread of their own and the FLUSH waits for them at most {@link #BUDGET_NANOS}:
 * kcmp and some /proc files wait for a process's exec lock, and a process in execve holds it while its
 * close-on-exec descriptors are flushed, so a FLUSH from an exec would otherwise wait for itself. At most one
 * reading runs at a time; while one is still stuck, FLUSHes do not wait for another.
 */
public final class LastClose {
    /** At most this long reading /proc per FLUSH of such a handle, then the release stays asynchronous. */
    private static final long BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /** Readings per FLUSH while opens or FLUSHes of other descriptors keep arriving during them. */
    private static final int ATTEMPTS = 3;
    /** One reader thread, started on demand and ended after 2 s idle. */
    private static final ThreadPoolExecutor READER = new ThreadPoolExecutor(1, 1, 2, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "sndfuse-fd-tables");
                t.setDaemon(true);
                return t;
            });
    /** A reading is queued or running: then FLUSHes do not wait for another. */
    private static final AtomicBoolean READING = new AtomicBoolean();

    static {
        READER.allowCoreThreadTimeOut(true);
    }

    private final HandleTable handles;
    private final Supplier<Path> mountPoint;
    private volatile int[] device;

    public LastClose(HandleTable handles, Supplier<Path> mountPoint) {
        this.handles = handles;
        this.mountPoint = mountPoint;
    }

    /** A FLUSH of {@code fh}; returns whether the handle was released now. */
    public boolean flush(long fh) {
        Handle h = handles.flushed(fh);
        if (h == null || !h.releaseAtLastClose() || !FdTables.usable()) {
            return false;
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            long changes = handles.changes();
            // counted first: a description used from now on may be missing from tables read earlier
            int held = handles.surelyHeld(fh);
            int seen = descriptions(device(), handles.openers());
            boolean steady = handles.changes() == changes;
            if (seen == held && steady) {
                h.release();
                return true;
            }
            if (seen < 0 || steady) {
                return false; // doubt, or a steady answer: another table holds it
            }
            // another descriptor of the mount was opened or closed meanwhile: read again
        }
        return false;
    }

    /** {@link FdTables#descriptions} on the reader thread, or -1 if it is busy or does not answer in time. */
    private static int descriptions(int[] dev, int[] openers) {
        if (!READING.compareAndSet(false, true)) {
            return -1; // an earlier reading still waits (for a process in execve)
        }
        Future<Integer> f = READER.submit(() -> {
            try {
                return FdTables.descriptions(dev, BUDGET_NANOS, openers);
            } finally {
                READING.set(false);
            }
        });
        try {
            return f.get(BUDGET_NANOS + TimeUnit.MILLISECONDS.toNanos(10), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return -1; // left running: it ends once that process goes on, and its answer is dropped
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private int[] device() {
        int[] d = device;
        if (d == null) {
            Path mp = mountPoint.get();
            d = mp == null ? null : FdTables.device(mp);
            device = d;
        }
        return d;
    }
}
