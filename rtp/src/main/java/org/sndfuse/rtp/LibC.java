package org.sndfuse.rtp;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.annotations.SaveError;

/** The libc calls any client of the mount makes, through jnr-ffi: open, ioctl, write, read, close. */
public interface LibC {
    int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CLOEXEC = 0x80000;

    @SaveError
    int open(String path, int flags);

    @SaveError
    int close(int fd);

    /** {@code arg} may be null for requests without an argument (TRIGGER, PREPARE, START ...). */
    @SaveError
    int ioctl(int fd, long request, Pointer arg);

    @SaveError
    long write(int fd, Pointer buf, long count);

    @SaveError
    long read(int fd, Pointer buf, long count);

    /** Loaded once. */
    final class Holder {
        static final LibC C = LibraryLoader.create(LibC.class).load("c");
        static final jnr.ffi.Runtime RUNTIME = jnr.ffi.Runtime.getRuntime(C);

        private Holder() {}
    }
}
