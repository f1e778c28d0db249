package org.sndfuse.cli;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * Changes of this process's mount table, seen without reading it: poll(2) on an open /proc/self/mountinfo reports
 * POLLPRI (with POLLERR) once after every change of the namespace's mounts (the kernel's mounts_poll();
 * docs/fuse-transport.md "Mounts"). The daemon's watch of its own mount point re-reads the table only then; read
 * every 100 ms, it cost an idle daemon 0.5 % of a CPU, more on a machine with many mounts.
 */
final class MountTableWatch implements AutoCloseable {
    private static final int O_RDONLY_CLOEXEC = 0x80000;
    private static final short POLLPRI = 0x2;

    public interface LibC {
        int open(String path, int flags);

        /** {@code fds}: one struct pollfd (int fd, short events, short revents). */
        int poll(Pointer fds, long nfds, int timeoutMs);

        int close(int fd);
    }

    private static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");

    private final int fd;
    private final Pointer pollfd;

    private MountTableWatch(int fd) {
        this.fd = fd;
        this.pollfd = Memory.allocateDirect(Runtime.getRuntime(LIBC), 8, true);
        pollfd.putInt(0, fd);
        pollfd.putShort(4, POLLPRI);
    }

    /** Opens the watch; without /proc it still works, reporting a change at every wait. */
    static MountTableWatch open() {
        return new MountTableWatch(LIBC.open("/proc/self/mountinfo", O_RDONLY_CLOEXEC));
    }

    /**
     * Waits up to {@code ms}, or until {@code loop} ends if the table cannot be watched: whether the mount table
     * may have changed since the last call (always true when it cannot be watched, so the caller reads it).
     */
    boolean await(Thread loop, int ms) throws InterruptedException {
        if (fd >= 0) {
            pollfd.putShort(6, (short) 0);
            int n = LIBC.poll(pollfd, 1, ms);
            if (n >= 0) {
                return n > 0;
            }
        }
        loop.join(ms); // no watch, or poll failed: wait as before, then read the table
        return true;
    }

    @Override
    public void close() {
        if (fd >= 0) {
            LIBC.close(fd);
        }
    }
}
