package org.sndfuse.fuse.pcm;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

/**
 * Sealed anonymous memory (memfd_create(2) with MFD_ALLOW_SEALING, docs/mmap.md "The memory"): no name anyone
 * could create first, and seals on the inode that bind every copy of the descriptor a client receives, so no
 * client can shrink, grow or (for a status page) write it.
 */
final class Memfd {
    static final int MFD_CLOEXEC = 1, MFD_ALLOW_SEALING = 2, MFD_NOEXEC_SEAL = 8;
    static final int F_ADD_SEALS = 1033, F_GET_SEALS = 1034;
    static final int F_SEAL_SEAL = 1, F_SEAL_SHRINK = 2, F_SEAL_GROW = 4, F_SEAL_FUTURE_WRITE = 16;

    public interface LibC {
        int memfd_create(String name, int flags);

        int ftruncate(int fd, long length);

        int fcntl(int fd, int cmd, int arg);

        int close(int fd);
    }

    private static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
    private static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

    private Memfd() {}

    /**
     * A new memfd of {@code size} bytes (zero-filled, as tmpfs gives), close-on-exec and not executable where the
     * kernel knows MFD_NOEXEC_SEAL (6.3+; without it 6.3+ kernels warn once).
     */
    static int create(String name, long size) {
        int fd = LIBC.memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_NOEXEC_SEAL);
        if (fd < 0 && RUNTIME.getLastError() == Errno.EINVAL) {
            fd = LIBC.memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
        }
        if (fd < 0) {
            int e = RUNTIME.getLastError();
            throw new SndException(Errno.ENOMEM, "memfd_create failed (errno " + e + ")");
        }
        if (LIBC.ftruncate(fd, size) != 0) {
            int e = RUNTIME.getLastError();
            LIBC.close(fd);
            throw new SndException(Errno.ENOMEM, "memfd of " + size + " bytes failed (errno " + e + ")");
        }
        return fd;
    }

    /** The daemon's own shared, writable mapping of the first {@code bytes} bytes (through /proc/self/fd). */
    static MappedByteBuffer map(int fd, int bytes) {
        try (FileChannel ch = FileChannel.open(Path.of("/proc/self/fd/" + fd), StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            return ch.map(FileChannel.MapMode.READ_WRITE, 0, bytes);
        } catch (IOException | RuntimeException e) {
            throw new SndException(Errno.ENOMEM, "cannot map memfd " + fd + ": " + e);
        }
    }

    /** Adds {@code seals} (F_ADD_SEALS); they can never be removed. */
    static void seal(int fd, int seals) {
        if (LIBC.fcntl(fd, F_ADD_SEALS, seals) != 0) {
            int e = RUNTIME.getLastError();
            throw new SndException(Errno.ENOMEM, "cannot seal memfd " + fd + " (errno " + e + ")");
        }
    }

    /** F_GET_SEALS, or -1 with the errno lost (for tests and checks). */
    static int seals(int fd) {
        return LIBC.fcntl(fd, F_GET_SEALS, 0);
    }

    static void close(int fd) {
        LIBC.close(fd);
    }
}
