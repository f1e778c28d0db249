package org.sndfuse.aloop;

import java.nio.ByteBuffer;

/**
 * A substream's ring buffer memory (the kernel's runtime->dma_area / dma_bytes, from snd_pcm_lib_malloc_pages):
 * the bytes the data path, the cable's copy and silencing work on. A transport that lets clients map the
 * buffer hands out memory it shares with them (docs/mmap.md); everything else gets a heap buffer.
 */
public interface PcmDmaBuffer {
    /** The bytes; position and limit are not used (all access is absolute). */
    ByteBuffer area();

    /** Releases the memory (HW_FREE, a new HW_PARAMS, close). Called once, under the cable lock. */
    void free();

    /**
     * Whether a client still maps it (the kernel's substream->mmap_count, which makes HW_PARAMS and HW_FREE fail
     * with EBADFD). Heap memory is never mapped.
     */
    default boolean mappedByClients() {
        return false;
    }

    /** A buffer over {@code area} whose free runs {@code onFree}. */
    static PcmDmaBuffer of(ByteBuffer area, Runnable onFree) {
        return new PcmDmaBuffer() {
            @Override
            public ByteBuffer area() {
                return area;
            }

            @Override
            public void free() {
                onFree.run();
            }
        };
    }
}
