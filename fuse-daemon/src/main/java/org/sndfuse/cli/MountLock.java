package org.sndfuse.cli;

import java.nio.file.Path;
import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.IgnoreError;

/**
 * One daemon per mount point: an exclusive flock(2) on the directory underneath the mount, held for the
 * daemon's whole life (the kernel drops it when the process dies, even by SIGKILL). A second daemon that
 * starts while the first one is checking or mounting is refused before it looks at the directory, so it
 * never mounts over, or unmounts, a mount it did not make. Once the mount is up, the path resolves to the
 * mount's root instead, and {@link MountPoint#prepare} refuses the busy directory.
 */
final class MountLock implements AutoCloseable {
    public interface LibC {
        int open(String path, int flags);

        int flock(int fd, int operation);

        @IgnoreError
        int close(int fd);
    }

    private static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
    private static final int O_RDONLY = 0, O_DIRECTORY = 0200000, O_CLOEXEC = 02000000;
    private static final int LOCK_EX = 2, LOCK_NB = 4;

    private final int fd;

    private MountLock(int fd) {
        this.fd = fd;
    }

    /**
     * Takes the lock on {@code dir}, or refuses with one line when another daemon holds it. A directory that
     * cannot be opened (missing, stale) is left to {@link MountPoint#prepare} to explain: null then.
     */
    static MountLock acquire(Path dir) throws MountPoint.Refused {
        int fd = LIBC.open(dir.toString(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) {
            return null;
        }
        if (LIBC.flock(fd, LOCK_EX | LOCK_NB) != 0) {
            LIBC.close(fd);
            throw new MountPoint.Refused(dir + " is busy: another sndfuse daemon is starting or serving there");
        }
        return new MountLock(fd);
    }

    @Override
    public void close() {
        LIBC.close(fd);
    }
}
