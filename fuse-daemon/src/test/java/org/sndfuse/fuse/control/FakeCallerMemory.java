package org.sndfuse.fuse.control;

import java.util.HashMap;
import java.util.Map;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;
import org.sndfuse.fuse.handle.CallerMemory;

/**
 * A caller's memory for tests: a few mapped regions of one process; any access that is not wholly inside one of
 * them, or of another process, is EFAULT, as process_vm_readv/writev would report a bad pointer.
 */
final class FakeCallerMemory implements CallerMemory {
    private final int pid;
    private final Map<Long, byte[]> regions = new HashMap<>();

    FakeCallerMemory(int pid) {
        this.pid = pid;
    }

    /** Maps {@code size} zero bytes at {@code address}; returns the backing array. */
    byte[] map(long address, int size) {
        byte[] b = new byte[size];
        regions.put(address, b);
        return b;
    }

    private byte[] region(int pid, long address, int length) {
        if (pid == this.pid && length >= 0) {
            for (Map.Entry<Long, byte[]> e : regions.entrySet()) {
                long off = address - e.getKey();
                if (off >= 0 && off + length <= e.getValue().length) {
                    return e.getValue();
                }
            }
        }
        throw new SndException(Errno.EFAULT, String.format("bad address 0x%x (%d bytes)", address, length));
    }

    @Override
    public byte[] read(int pid, long address, int length) {
        byte[] r = region(pid, address, length);
        byte[] out = new byte[length];
        System.arraycopy(r, (int) (address - base(r)), out, 0, length);
        return out;
    }

    @Override
    public void write(int pid, long address, byte[] data) {
        byte[] r = region(pid, address, data.length);
        System.arraycopy(data, 0, r, (int) (address - base(r)), data.length);
    }

    private long base(byte[] r) {
        for (Map.Entry<Long, byte[]> e : regions.entrySet()) {
            if (e.getValue() == r) {
                return e.getKey();
            }
        }
        throw new IllegalStateException();
    }
}
