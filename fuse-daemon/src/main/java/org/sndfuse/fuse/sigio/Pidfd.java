package org.sndfuse.fuse.sigio;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.sndfuse.errno.SndException;

/**
 * pidfd_open(2) and pidfd_send_signal(2) through libc's syscall() (glibc has wrappers only since 2.36): a pidfd
 * names one process (or thread) for good, so a signal sent on it never reaches a process that reused the pid.
 * The syscall numbers are the same on every architecture (424 and 434, the unified table since Linux 5.1).
 */
final class Pidfd {
    private static final long SYS_PIDFD_SEND_SIGNAL = 424, SYS_PIDFD_OPEN = 434;
    /** pidfd_open flag for a thread, not a process (O_EXCL; Linux 6.9+, EINVAL before). */
    static final int PIDFD_THREAD = 0x80;

    public interface LibC {
        long syscall(long number, long a, long b);

        long syscall(long number, long a, long b, Pointer c, long d);

        int close(int fd);
    }

    static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
    static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

    private Pidfd() {}

    /** pidfd_open(pid, flags): the new descriptor; the kernel's errno as SndException (ESRCH, EINVAL...). */
    static int open(int pid, int flags) {
        long fd = LIBC.syscall(SYS_PIDFD_OPEN, pid, flags);
        if (fd < 0) {
            int e = RUNTIME.getLastError();
            throw new SndException(e, "pidfd_open(" + pid + ") failed (errno " + e + ")");
        }
        return (int) fd;
    }

    /** pidfd_send_signal(pidfd, signo, info, 0): 0, or the errno (ESRCH once the process is gone). */
    static int send(int pidfd, int signo, Pointer info) {
        return LIBC.syscall(SYS_PIDFD_SEND_SIGNAL, pidfd, signo, info, 0) == 0 ? 0 : RUNTIME.getLastError();
    }

    static void close(int pidfd) {
        LIBC.close(pidfd);
    }
}
