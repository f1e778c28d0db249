package org.sndfuse.fuse.handle;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.sndfuse.errno.SndException;

/**
 * pidfd_open(2), pidfd_send_signal(2) and pidfd_getfd(2) through libc's syscall() (glibc has wrappers only since 2.36): a pidfd
 * names one process (or thread) for good, so a signal sent on it never reaches a process that reused the pid.
 * The syscall numbers are the same on every architecture (424, 434 and 438, the unified table since Linux 5.1).
 */
public final class Pidfd {
    private static final long SYS_PIDFD_SEND_SIGNAL = 424, SYS_PIDFD_OPEN = 434, SYS_PIDFD_GETFD = 438;
    /** pidfd_open flag for a thread, not a process (O_EXCL; Linux 6.9+, EINVAL before). */
    public static final int PIDFD_THREAD = 0x80;

    public interface LibC {
        long syscall(long number, long a, long b);

        long syscall(long number, long a, long b, long c);

        long syscall(long number, long a, long b, Pointer c, long d);

        int close(int fd);
    }

    public static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
    public static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

    private Pidfd() {}

    /** pidfd_open(pid, flags): the new descriptor; the kernel's errno as SndException (ESRCH, EINVAL...). */
    public static int open(int pid, int flags) {
        long fd = LIBC.syscall(SYS_PIDFD_OPEN, pid, flags);
        if (fd < 0) {
            int e = RUNTIME.getLastError();
            throw new SndException(e, "pidfd_open(" + pid + ") failed (errno " + e + ")");
        }
        return (int) fd;
    }

    /** pidfd_send_signal(pidfd, signo, info, 0): 0, or the errno (ESRCH once the process is gone). */
    public static int send(int pidfd, int signo, Pointer info) {
        return LIBC.syscall(SYS_PIDFD_SEND_SIGNAL, pidfd, signo, info, 0) == 0 ? 0 : RUNTIME.getLastError();
    }

    /**
     * pidfd_getfd(pidfd, fd, 0) (Linux 5.6+): a copy of process {@code pidfd}'s descriptor {@code fd} in this
     * process, close-on-exec. The kernel allows it to whoever may ptrace the process (as for process_vm_readv,
     * which the daemon needs anyway); its errno (EBADF, EPERM, ESRCH) as SndException.
     */
    public static int getfd(int pidfd, int fd) {
        long r = LIBC.syscall(SYS_PIDFD_GETFD, pidfd, fd, 0);
        if (r < 0) {
            int e = RUNTIME.getLastError();
            throw new SndException(e, "pidfd_getfd(" + fd + ") failed (errno " + e + ")");
        }
        return (int) r;
    }

    public static void close(int pidfd) {
        LIBC.close(pidfd);
    }
}
