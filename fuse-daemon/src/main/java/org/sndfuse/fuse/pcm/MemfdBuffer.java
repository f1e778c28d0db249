package org.sndfuse.fuse.pcm;

import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import org.sndfuse.aloop.PcmDmaBuffer;

/**
 * Memory a client may map (docs/mmap.md): a ring, a status page or a control page in a sealed memfd, which the
 * daemon maps once and hands to each client that maps it ({@link #fd()}, over SCM_RIGHTS).
 */
public final class MemfdBuffer implements PcmDmaBuffer {
    private final MemfdDmaAllocator owner;
    private final int fd;
    private final long size;
    private final MappedByteBuffer area;
    private final boolean clientReadOnly;

    MemfdBuffer(MemfdDmaAllocator owner, int fd, long size, MappedByteBuffer area, boolean clientReadOnly) {
        this.owner = owner;
        this.fd = fd;
        this.size = size;
        this.area = area;
        this.clientReadOnly = clientReadOnly;
    }

    /** The daemon's descriptor of the memfd: valid until {@link #free()}. */
    public int fd() {
        return fd;
    }

    /** The memfd's size: the buffer's bytes rounded up to whole pages. */
    public long size() {
        return size;
    }

    /** Whether clients may only read it (the status page: F_SEAL_FUTURE_WRITE after the daemon's mapping). */
    public boolean clientReadOnly() {
        return clientReadOnly;
    }

    @Override
    public ByteBuffer area() {
        return area;
    }

    @Override
    public void free() {
        owner.free(this);
    }
}
