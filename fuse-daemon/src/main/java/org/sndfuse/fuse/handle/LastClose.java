package org.sndfuse.fuse.handle;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * FLUSH, in both transports (docs/fuse-transport.md, "Close and release"): when the closed descriptor was
 * provably the last reference to its open file description, a handle that asks for it
 * ({@link Handle#releaseAtLastClose}) is released before the FLUSH is answered, so close() returns with the
 * utimer gone; the later RELEASE finds it released (release is idempotent). "Provably": every description of
 * the mount that must still be in some descriptor table ({@link HandleTable#surelyHeld}) is there, and the
 * tables of all processes ({@link FdTables}) hold no other description, so none of them holds this one; no
 * open or FLUSH arrived while they were read. Anything else leaves the release to RELEASE.
 */
public final class LastClose {
    /** At most this long reading /proc per FLUSH of such a handle, then the release stays asynchronous. */
    private static final long BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

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
        long changes = handles.changes();
        // counted first: a description used from now on may be missing from tables read earlier
        int held = handles.surelyHeld(fh);
        int seen = FdTables.descriptions(device(), BUDGET_NANOS, handles.openers());
        if (seen != held || handles.changes() != changes) {
            return false;
        }
        h.release();
        return true;
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
