package org.sndfuse.fuse.handle;

import java.util.function.BooleanSupplier;

/**
 * Who is calling and how: the process FUSE reports for this request, the descriptor's current flags,
 * and whether the request has been interrupted (a signal to the caller, its death included).
 */
public record Caller(int pid, int uid, int gid, int openFlags, BooleanSupplier interrupted) {
    public static final int O_ACCMODE = 0x3, O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2;
    public static final int O_NONBLOCK = 0x800;

    public boolean nonblocking() {
        return (openFlags & O_NONBLOCK) != 0;
    }

    public boolean canRead() {
        return (openFlags & O_ACCMODE) != O_WRONLY;
    }

    public boolean canWrite() {
        return (openFlags & O_ACCMODE) != O_RDONLY;
    }
}
