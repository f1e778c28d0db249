package org.sndfuse.fuse.lowlevel;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import jnr.ffi.Pointer;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;
import org.sndfuse.fuse.handle.PendingCall;

/**
 * Blocking calls kept as unanswered requests instead of blocked threads (docs/fuse-transport.md, "The low-level
 * transport"): PCM transfers (read/write, WRITEI/READI/WRITEN/READN_FRAMES), DRAIN and a blocking PCM open. A
 * call is stepped without blocking on the receive thread; while it must wait, the model holds its one-shot retry
 * and runs it on the thread that makes it ready (a period elapsing on the cable's clock, the other end's trigger,
 * a stop, a release), which steps it again and answers from there. An interrupt ends it (the partial count, or
 * EINTR), a release EBADF, shutdown ENODEV, and its wait time EIO: one shared timer thread keeps those deadlines.
 *
 * <p>Exactly one thread steps or ends a call at a time, and it is answered once: a thread claims it (FREE → BUSY)
 * after noting why (a retry is due, a deadline passed, an end errno); a thread that finds it BUSY leaves the note,
 * and the holder looks at the notes again after releasing it. No lock: the claim is an atomic state.
 */
final class ParkedCalls {
    private static final int FREE = 0, BUSY = 1, DONE = 2;
    private static final LibFuseLowLevel LIB = LowLevelNative.LIB;

    /** One parked request. */
    private final class Parked<T> implements Runnable {
        final Pointer req;
        final long fh;
        final PendingCall<T> call;
        final Consumer<T> reply;
        final AtomicInteger state = new AtomicInteger(FREE);
        final AtomicInteger endErrno = new AtomicInteger();
        volatile boolean retryDue = true;
        volatile boolean deadlineDue;
        /** The wait-time check; touched only by the claim holder. */
        ScheduledFuture<?> deadline;

        Parked(Pointer req, long fh, PendingCall<T> call, Consumer<T> reply) {
            this.req = req;
            this.fh = fh;
            this.call = call;
            this.reply = reply;
        }

        /** The model's one-shot retry: the call may proceed. */
        @Override
        public void run() {
            retryDue = true;
            drive();
        }

        /** Ends the wait with {@code errno} (the first reason wins). */
        void end(int errno) {
            endErrno.compareAndSet(0, errno);
            drive();
        }

        void drive() {
            while (retryDue || deadlineDue || endErrno.get() != 0) {
                if (!state.compareAndSet(FREE, BUSY)) {
                    return; // the holder sees the note once it lets go
                }
                if (stepClaimed()) {
                    return; // DONE: answer() set it before the reply
                }
                state.set(FREE);
            }
        }

        /** With the call claimed: steps or ends it; true once it is answered. */
        private boolean stepClaimed() {
            int errno = endErrno.get();
            if (errno != 0) {
                return answer(() -> call.end(errno));
            }
            if (deadlineDue) {
                deadlineDue = false;
                long left = call.remainingNanos();
                if (left <= 0) {
                    return answer(() -> call.end(Errno.EIO));
                }
                schedule(left);
            }
            if (retryDue) {
                retryDue = false;
                T[] result = newResult();
                boolean answered = answer(() -> {
                    result[0] = call.step(this);
                    return result[0];
                }, true);
                if (!answered) {
                    schedule(call.remainingNanos());
                }
                return answered;
            }
            return false;
        }

        @SuppressWarnings("unchecked")
        private T[] newResult() {
            return (T[]) new Object[1];
        }

        private boolean answer(java.util.function.Supplier<T> what) {
            return answer(what, false);
        }

        /** Runs {@code what} and answers with it (or its error); with {@code mayWait}, a null result waits. */
        private boolean answer(java.util.function.Supplier<T> what, boolean mayWait) {
            T r;
            int errno;
            try {
                r = what.get();
                if (r == null && mayWait) {
                    return false;
                }
                errno = 0;
            } catch (SndException e) {
                r = null;
                errno = e.errno();
            } catch (RuntimeException | Error e) {
                LowLevelFilesystem.log("internal error in a parked call: " + e);
                e.printStackTrace(System.err);
                r = null;
                errno = Errno.EIO;
            }
            // The reply first, the bookkeeping after: it is off the waiting client's path. DONE from here on: once
            // answered, libfuse may reuse the request's address for a new request; the removals below only remove
            // this call, and an interrupt that finds it DONE looks for that new one instead.
            state.set(DONE);
            if (errno != 0) {
                LIB.fuse_reply_err(req, errno);
            } else {
                reply.accept(r);
            }
            finished(this);
            return true;
        }

        private void schedule(long nanos) {
            if (deadline != null) {
                deadline.cancel(false);
                deadline = null;
            }
            if (nanos != Long.MAX_VALUE) {
                deadline = timer.schedule(() -> {
                    deadlineDue = true;
                    drive();
                }, nanos, TimeUnit.NANOSECONDS);
            }
        }
    }

    private final ConcurrentHashMap<Long, Parked<?>> byRequest = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, Set<Parked<?>>> byFile = new ConcurrentHashMap<>();
    /** The one thread that keeps every parked call's wait time. */
    private final ScheduledThreadPoolExecutor timer;

    ParkedCalls() {
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "sndfuse-wait-times");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /**
     * Runs blocking call {@code call} of request {@code req} on file {@code fh} (-1 for an open): steps it now, and
     * parks it if it must wait; {@code reply} answers it once it is over, from whichever thread ends it.
     */
    <T> void start(Pointer req, long fh, PendingCall<T> call, Consumer<T> reply) {
        Parked<T> p = new Parked<>(req, fh, call, reply);
        // Registered and published before the first step: an interrupt from now on finds the call, and one that
        // came before left the request's flag, checked right after publishing.
        LIB.fuse_req_interrupt_func(req, LowLevelOps.INTERRUPT_PTR, null);
        byRequest.put(req.address(), p);
        if (fh >= 0) {
            byFile.computeIfAbsent(fh, k -> ConcurrentHashMap.newKeySet()).add(p);
        }
        if (LIB.fuse_req_interrupted(req) != 0) {
            p.end(Errno.EINTR);
        } else {
            p.drive();
        }
    }

    /** FUSE_INTERRUPT for {@code req}: a parked call ends with what it moved, or EINTR. */
    boolean interrupt(Pointer req) {
        Parked<?> p = byRequest.get(req.address());
        if (p == null || p.state.get() == DONE) {
            return false;
        }
        p.end(Errno.EINTR);
        return true;
    }

    /** The file's last reference went: what is still parked on it ends with EBADF. */
    void release(long fh) {
        Set<Parked<?>> ps = byFile.remove(fh);
        if (ps != null) {
            ps.forEach(p -> p.end(Errno.EBADF));
        }
    }

    /** Daemon shutdown: every parked call ends with {@code errno} (ENODEV). */
    void endAll(int errno) {
        byRequest.values().forEach(p -> p.end(errno));
    }

    void shutdown() {
        timer.shutdownNow();
    }

    int parked() {
        return byRequest.size();
    }

    private void finished(Parked<?> p) {
        if (p.deadline != null) {
            p.deadline.cancel(false);
        }
        byRequest.remove(p.req.address(), p);
        if (p.fh >= 0) {
            byFile.computeIfPresent(p.fh, (k, set) -> {
                set.remove(p);
                return set.isEmpty() ? null : set;
            });
        }
    }
}
