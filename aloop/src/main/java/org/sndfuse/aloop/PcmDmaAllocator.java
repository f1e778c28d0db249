package org.sndfuse.aloop;

import java.nio.ByteBuffer;

/**
 * Where a substream's ring buffer comes from at HW_PARAMS (snd_pcm_lib_malloc_pages): the heap by default;
 * the transport injects one that allocates memory its clients can map (docs/mmap.md). May fail with
 * SndException (ENOMEM), which fails the HW_PARAMS.
 */
public interface PcmDmaAllocator {
    /** A zero-filled buffer of {@code bytes} bytes for substream {@code s}. */
    PcmDmaBuffer allocate(PcmSubstream s, int bytes);

    /**
     * One zero-filled page for the status ({@code clientWritable} false: clients may only read it) or control
     * page of substream {@code s} (PcmMmapPages). Heap memory unless the allocator shares its memory.
     */
    default PcmDmaBuffer allocatePage(PcmSubstream s, boolean clientWritable) {
        return PcmDmaBuffer.of(ByteBuffer.allocate(PcmMmapPages.PAGE_BYTES), () -> { });
    }

    /** Heap memory: for unit tests and for descriptors that never map the buffer. */
    PcmDmaAllocator HEAP = (s, bytes) -> PcmDmaBuffer.of(ByteBuffer.allocate(bytes), () -> { });
}
