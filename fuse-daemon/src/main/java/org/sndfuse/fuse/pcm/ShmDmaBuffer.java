package org.sndfuse.fuse.pcm;

import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import org.sndfuse.aloop.PcmDmaBuffer;

/**
 * A substream's ring in a shared file (docs/mmap.md): the daemon's mapping of {@link #path()}, which the
 * preload library maps MAP_SHARED in each client that mmaps the substream, so all see the same pages.
 */
public final class ShmDmaBuffer implements PcmDmaBuffer {
    private final ShmDmaAllocator owner;
    private final Path path;
    private final long size;
    private final MappedByteBuffer area;

    ShmDmaBuffer(ShmDmaAllocator owner, Path path, long size, MappedByteBuffer area) {
        this.owner = owner;
        this.path = path;
        this.size = size;
        this.area = area;
    }

    public Path path() {
        return path;
    }

    /** The file's size: the buffer's bytes rounded up to whole pages. */
    public long size() {
        return size;
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
