package org.sndfuse.fuse.sigio;

import java.util.concurrent.locks.ReentrantLock;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.sndfuse.abi.preload.AsyncSetup;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;
import org.sndfuse.fasync.AsyncSignal;
import org.sndfuse.fuse.handle.Pidfd;
import org.sndfuse.fuse.handle.ProcStatus;

/**
 * One O_ASYNC registration's signal, sent by the daemon itself with pidfd_send_signal(2) (docs/preload.md,
 * "SIGIO"): the owner's pidfd is opened when the registration is made, so a pid reused after the owner died never
 * gets a stray signal. The siginfo is the kernel's send_sigio_to_task() one (si_signo, si_band POLLIN|POLLRDNORM,
 * si_fd) except si_code: SI_SIGIO ("queued SIGIO") instead of POLL_IN, which the kernel refuses from another
 * process (EPERM). A full real-time queue falls back to plain SIGIO, as the kernel does.
 *
 * <p>Lock: the private {@link #lock} (a leaf, like the kernel's fa_lock) orders {@link #send()} against
 * {@link #close()}: once close returns the pidfd is closed and nothing more is sent.
 */
public final class PidfdSignal implements AsyncSignal {
    static final int SIGIO = 29, SI_SIGIO = -5, BAND_IN = 0x041;
    private static final int SIGINFO_SIZE = 128, OFF_SIGNO = 0, OFF_CODE = 8, OFF_BAND = 16, OFF_FD = 24;

    private final ReentrantLock lock = new ReentrantLock();
    private final int pidfd;
    private final int signo;
    private final Pointer info;
    private boolean closed;

    private PidfdSignal(int pidfd, int signo, int fd) {
        this.pidfd = pidfd;
        this.signo = signo;
        info = Memory.allocateDirect(Pidfd.RUNTIME, SIGINFO_SIZE, true);
        info.putInt(OFF_SIGNO, signo);
        info.putInt(OFF_CODE, SI_SIGIO);
        info.putLong(OFF_BAND, BAND_IN);
        info.putInt(OFF_FD, fd);
    }

    /**
     * The signal for {@code setup}'s owner (a process, or a thread where the kernel can name one: PIDFD_THREAD,
     * Linux 6.9+, else its process), sent as {@code signo} with si_fd {@code fd}. ESRCH when the owner does not
     * exist; EPERM unless {@code callerUid} may signal it (the kernel's sigio_perm(): root, or the owner's real
     * or saved uid).
     */
    public static AsyncSignal open(AsyncSetup setup, int signo, int fd, int callerUid) {
        int owner = setup.owner();
        int pidfd;
        if (setup.ownerType() == AsyncSetup.OWNER_TID && owner != setup.pid()) {
            try {
                pidfd = Pidfd.open(owner, Pidfd.PIDFD_THREAD);
            } catch (SndException e) {
                if (e.errno() != Errno.EINVAL) {
                    throw e;
                }
                pidfd = Pidfd.open(ProcStatus.of(owner).tgid(), 0); // no thread pidfds here: its process
            }
        } else {
            pidfd = Pidfd.open(owner, 0);
        }
        try {
            ProcStatus st = ProcStatus.of(owner);
            // read while the pidfd's process was alive both before and after: the status was its own
            if (Pidfd.send(pidfd, 0, null) != 0) {
                throw new SndException(Errno.ESRCH, "process " + owner + " is gone");
            }
            if (callerUid != 0 && callerUid != st.uid() && callerUid != st.suid()) {
                throw new SndException(Errno.EPERM, "uid " + callerUid + " may not signal process " + owner);
            }
            return new PidfdSignal(pidfd, signo, fd);
        } catch (RuntimeException e) {
            Pidfd.close(pidfd);
            throw e;
        }
    }

    @Override
    public void send() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (Pidfd.send(pidfd, signo, info) == Errno.EAGAIN && signo != SIGIO) {
                Pidfd.send(pidfd, SIGIO, null); // send_sigio_to_task(): the queue is full, plain SIGIO instead
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                Pidfd.close(pidfd);
            }
        } finally {
            lock.unlock();
        }
    }
}
