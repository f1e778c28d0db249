package org.sndfuse.fuse;

import java.util.Map;
import java.util.TreeMap;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;
import org.sndfuse.fuse.handle.CallerMemory;

/**
 * A caller's address space for tests: mapped regions at chosen addresses; anything outside them is EFAULT,
 * as process_vm_readv/writev on an unmapped address. One address space for every pid.
 */
public final class FakeCallerMemory implements CallerMemory {
    private final Object lock = new Object();
    private final TreeMap<Long, byte[]> regions = new TreeMap<>();

    /** Maps {@code bytes} (kept by reference: writes land in it) at {@code address}. */
    public FakeCallerMemory map(long address, byte[] bytes) {
        synchronized (lock) {
            regions.put(address, bytes);
        }
        return this;
    }

    private byte[] region(long address, int length, long[] offset) {
        assert Thread.holdsLock(lock);
        Map.Entry<Long, byte[]> e = regions.floorEntry(address);
        if (e == null || length < 0) {
            throw new SndException(Errno.EFAULT, "unmapped 0x" + Long.toHexString(address));
        }
        long off = address - e.getKey();
        if (off < 0 || off + length > e.getValue().length) {
            throw new SndException(Errno.EFAULT, "outside the region at 0x" + Long.toHexString(e.getKey()));
        }
        offset[0] = off;
        return e.getValue();
    }

    @Override
    public byte[] read(int pid, long address, int length) {
        if (length == 0) {
            return new byte[0];
        }
        synchronized (lock) {
            long[] off = new long[1];
            byte[] r = region(address, length, off);
            byte[] out = new byte[length];
            System.arraycopy(r, (int) off[0], out, 0, length);
            return out;
        }
    }

    @Override
    public void write(int pid, long address, byte[] data) {
        if (data.length == 0) {
            return;
        }
        synchronized (lock) {
            long[] off = new long[1];
            byte[] r = region(address, data.length, off);
            System.arraycopy(data, 0, r, (int) off[0], data.length);
        }
    }
}
