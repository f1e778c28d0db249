package org.sndfuse.fuse.handle;

/**
 * The calling process's memory, for requests whose data sits behind a pointer that a restricted FUSE ioctl
 * cannot copy (docs/fuse-transport.md, "ioctl on a FUSE file"). Behind an interface so the dispatchers can
 * be driven from tests (a fake memory) as well as from a real mount ({@link ProcessMemory}).
 * Any failure is {@code SndException(EFAULT)}, as a bad user pointer is in the kernel.
 */
public interface CallerMemory {
    /** Copies {@code length} bytes at {@code address} in process {@code pid}. */
    byte[] read(int pid, long address, int length);

    /** Stores {@code data} at {@code address} in process {@code pid}. */
    void write(int pid, long address, byte[] data);
}
