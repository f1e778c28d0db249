package org.sndfuse.fuse.handle;

import java.nio.ByteBuffer;

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

    /** Copies {@code length} bytes at {@code address} in process {@code pid} into {@code dst} at {@code at}. */
    default void readInto(int pid, long address, ByteBuffer dst, int at, int length) {
        dst.put(at, read(pid, address, length));
    }

    /** Stores {@code length} bytes of {@code src} from {@code at} at {@code address} in process {@code pid}. */
    default void writeFrom(int pid, long address, ByteBuffer src, int at, int length) {
        byte[] b = new byte[length];
        src.get(at, b);
        write(pid, address, b);
    }
}
