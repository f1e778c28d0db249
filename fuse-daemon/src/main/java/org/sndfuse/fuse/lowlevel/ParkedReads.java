package org.sndfuse.fuse.lowlevel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import jnr.ffi.Pointer;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;
import org.sndfuse.fuse.handle.Caller;
import org.sndfuse.fuse.handle.Handle;
import org.sndfuse.fuse.handle.ReadReadiness;

/**
 * Reads that must wait, kept as unanswered requests instead of blocked threads (docs/fuse-transport.md, "The
 * low-level transport"). A parked read is retried without blocking whenever its handle reports a change
 * ({@link ReadReadiness#onReadable}), on the thread that made the change (a TRIGGER's, a control write's), and
 * answered from there. An interrupt answers it with EINTR, a release with EBADF, the daemon's shutdown with
 * ENODEV.
 *
 * <p>Exactly one answer per request: a request is claimed (FREE → BUSY → DONE) before it is read for and
 * answered; an interrupt that finds it BUSY only marks it, and the retrier answers EINTR if its read would
 * still wait. Lock: each file's {@code PerFile.lock} (a leaf; no model lock is taken under it) guards its
 * queue and whether a retry is registered with the handle, at most one at a time.
 */
final class ParkedReads {
    private static final int FREE = 0, BUSY = 1, DONE = 2;
    private static final LibFuseLowLevel LIB = LowLevelNative.LIB;

    /** One parked read() request. */
    private static final class Parked {
        final Pointer req;
        final long offset;
        final int size;
        final Caller caller;
        final AtomicInteger state = new AtomicInteger(FREE);
        volatile boolean interrupted;

        Parked(Pointer req, long offset, int size, Caller caller) {
            this.req = req;
            this.offset = offset;
            this.size = size;
            this.caller = caller;
        }
    }

    /** The parked reads of one open file. */
    private final class PerFile {
        final Handle handle;
        final ReadReadiness readiness;
        final Object lock = new Object();
        final List<Parked> waiting = new ArrayList<>();
        boolean armed;
        final Runnable retry = this::retry;

        PerFile(Handle handle) {
            this.handle = handle;
            this.readiness = (ReadReadiness) handle;
        }

        void add(Parked p) {
            boolean arm;
            synchronized (lock) {
                waiting.add(p);
                arm = !armed;
                armed = true;
            }
            if (arm) {
                arm();
            }
        }

        /** Registers the retry with the handle; if that fails, nothing would wake the parked reads: EIO. */
        private void arm() {
            try {
                readiness.onReadable(retry);
            } catch (RuntimeException e) {
                LowLevelFilesystem.log("internal error registering a parked read: " + e);
                synchronized (lock) {
                    armed = false;
                }
                answerAll(Errno.EIO);
            }
        }

        /** Tries every parked read again; those that would still wait are parked again. */
        void retry() {
            List<Parked> batch;
            synchronized (lock) {
                armed = false;
                batch = new ArrayList<>(waiting);
                waiting.clear();
            }
            List<Parked> again = new ArrayList<>();
            for (Parked p : batch) {
                if (p.state.compareAndSet(FREE, BUSY) && !tryRead(handle, p)) {
                    again.add(p);
                }
            }
            if (again.isEmpty()) {
                return;
            }
            boolean arm;
            synchronized (lock) {
                waiting.addAll(0, again);
                arm = !armed;
                armed = true;
            }
            if (arm) {
                arm();
            }
        }

        /** Answers what is still parked with {@code errno}. */
        void answerAll(int errno) {
            List<Parked> batch;
            synchronized (lock) {
                batch = new ArrayList<>(waiting);
                waiting.clear();
            }
            for (Parked p : batch) {
                if (p.state.compareAndSet(FREE, DONE)) {
                    answer(p, null, errno);
                }
            }
        }
    }

    private final ConcurrentHashMap<Long, Parked> byRequest = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, PerFile> byFile = new ConcurrentHashMap<>();

    static boolean canPark(Handle h) {
        return h instanceof ReadReadiness;
    }

    /**
     * Parks read request {@code req} of file {@code fh}, whose non-blocking try would wait; {@code caller} must be
     * non-blocking. It is answered later, from whichever thread makes it ready, or by an interrupt.
     */
    void park(Pointer req, long fh, Handle handle, long offset, int size, Caller caller) {
        Parked p = new Parked(req, offset, size, caller);
        // Registered before the request is published: an interrupt that already came runs the callback now and
        // finds nothing; the flag it left is seen below, under the same map entry's lock the callback takes.
        LIB.fuse_req_interrupt_func(req, LowLevelOps.INTERRUPT_PTR, null);
        boolean[] interrupted = new boolean[1];
        byRequest.compute(req.address(), (k, old) -> {
            interrupted[0] = LIB.fuse_req_interrupted(req) != 0;
            return interrupted[0] ? old : p;
        });
        if (interrupted[0]) {
            LIB.fuse_reply_err(req, Errno.EINTR);
            return;
        }
        byFile.computeIfAbsent(fh, k -> new PerFile(handle)).add(p);
    }

    /** FUSE_INTERRUPT for {@code req}: EINTR if it is parked (now or once its running retry would wait again). */
    void interrupt(Pointer req) {
        Parked p = byRequest.get(req.address());
        if (p == null) {
            return;
        }
        p.interrupted = true;
        if (p.state.compareAndSet(FREE, DONE)) {
            answer(p, null, Errno.EINTR);
        }
    }

    /** The file's last reference went: whatever is still parked on it gets EBADF. */
    void release(long fh) {
        PerFile f = byFile.remove(fh);
        if (f != null) {
            f.answerAll(Errno.EBADF);
        }
    }

    /** Daemon shutdown: every parked read gets ENODEV. */
    void answerAll(int errno) {
        for (PerFile f : byFile.values()) {
            f.answerAll(errno);
        }
        for (Parked p : byRequest.values()) {
            if (p.state.compareAndSet(FREE, DONE)) {
                answer(p, null, errno);
            }
        }
    }

    int parked() {
        return byRequest.size();
    }

    /** With {@code p} claimed (BUSY): reads without blocking and answers, or frees it and returns false. */
    private boolean tryRead(Handle handle, Parked p) {
        byte[] data = null;
        int errno = 0;
        try {
            data = handle.read(p.offset, p.size, p.caller);
        } catch (SndException e) {
            if (e.errno() == Errno.EAGAIN) {
                p.state.set(FREE);
                if (p.interrupted && p.state.compareAndSet(FREE, DONE)) {
                    answer(p, null, Errno.EINTR); // the interrupt came while this retry held it
                    return true;
                }
                return false;
            }
            errno = e.errno();
        } catch (RuntimeException e) {
            LowLevelFilesystem.log("internal error in a parked read: " + e);
            errno = Errno.EIO;
        }
        p.state.set(DONE);
        answer(p, data, errno);
        return true;
    }

    /**
     * Replies, then forgets the request: the removal is off the reader's path, and only removes {@code p} (a new
     * request at the same address replaces it). An interrupt that finds {@code p} answered does nothing.
     */
    private void answer(Parked p, byte[] data, int errno) {
        if (data == null) {
            LIB.fuse_reply_err(p.req, errno);
        } else {
            int n = Math.min(data.length, p.size);
            LIB.fuse_reply_buf(p.req, data, n);
        }
        byRequest.remove(p.req.address(), p);
    }
}
