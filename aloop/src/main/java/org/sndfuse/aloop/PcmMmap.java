package org.sndfuse.aloop;

import org.sndfuse.abi.pcm.HwParams;
import org.sndfuse.abi.pcm.PcmAccess;
import org.sndfuse.abi.pcm.PcmState;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

/**
 * The data buffer mapping of pcm_native.c (snd_pcm_mmap_data) for one substream, and where its ring comes from
 * (docs/mmap.md): heap memory until the descriptor's process can map it, then the card's mmap allocator.
 *
 * <p>Lock: the allocator is guarded by the card lock (HW_PARAMS reads it under it); the checks run under the
 * cable lock. Each method asserts its lock.
 */
public final class PcmMmap {
    private final PcmSubstream s;
    private final PcmRuntime rt;
    private final PcmParams params;
    private PcmDmaAllocator allocator = PcmDmaAllocator.HEAP;

    PcmMmap(PcmSubstream s, PcmParams params) {
        this.s = s;
        this.rt = s.rt;
        this.params = params;
    }

    /**
     * Offers the mmap access modes and info bits, the card's mmap allocator for the next HW_PARAMS, and the status
     * and control pages (allocated once, at the first offer: the kernel's are there from the open).
     */
    void offer() {
        s.card.assertLocked();
        s.cable.assertLocked();
        allocator = s.card.mmapAllocator();
        params.offerMmap();
        if (rt.pages == null) {
            PcmDmaBuffer status = allocator.allocatePage(s, false);
            PcmDmaBuffer control;
            try {
                control = allocator.allocatePage(s, true);
            } catch (RuntimeException e) {
                status.free();
                throw e;
            }
            rt.pages = new PcmMmapPages(status, control, rt);
        }
    }

    /**
     * snd_pcm_mmap_status()'s checks: one page exactly, readable, else EINVAL; ENXIO when the substream has no
     * mappable pages. The page is mapped read-only whatever the caller asked (the kernel clears VM_WRITE).
     */
    PcmDmaBuffer status(long length, boolean read) {
        return page(length, read, true);
    }

    /** snd_pcm_mmap_control()'s checks, as for the status page; the control page is mapped as asked. */
    PcmDmaBuffer control(long length, boolean read) {
        return page(length, read, false);
    }

    private PcmDmaBuffer page(long length, boolean read, boolean status) {
        s.cable.assertLocked();
        if (rt.pages == null) {
            throw new SndException(Errno.ENXIO, "no mappable status and control pages");
        }
        if (!read || length != PcmMmapPages.PAGE_BYTES) {
            throw new SndException(Errno.EINVAL, "a status or control mapping is one readable page");
        }
        return status ? rt.pages.statusPage() : rt.pages.controlPage();
    }

    PcmDmaAllocator allocator() {
        s.card.assertLocked();
        return allocator;
    }

    /**
     * snd_pcm_mmap_data()'s checks for a mapping of {@code length} bytes at {@code offset}: EINVAL without the
     * protection the direction needs, EBADFD in OPEN, ENXIO without INFO_MMAP, EINVAL for an RW access or a
     * range outside the page-aligned buffer. Returns the buffer to map.
     */
    PcmDmaBuffer data(long offset, long length, boolean read, boolean write) {
        s.cable.assertLocked();
        if (rt.isPlayback() ? !(read || write) : !read) {
            throw new SndException(Errno.EINVAL, "mapping without the protection the stream needs");
        }
        if (rt.state == PcmState.OPEN) {
            throw new SndException(Errno.EBADFD, "no parameters set");
        }
        if ((rt.info & HwParams.INFO_MMAP) == 0) {
            throw new SndException(Errno.ENXIO, "the buffer cannot be mapped");
        }
        if (rt.access == PcmAccess.RW_INTERLEAVED || rt.access == PcmAccess.RW_NONINTERLEAVED) {
            throw new SndException(Errno.EINVAL, "read/write access");
        }
        long dmaBytes = pageAlign(rt.bufferBytes());
        if (Long.compareUnsigned(length, dmaBytes) > 0 || Long.compareUnsigned(offset, dmaBytes - length) > 0) {
            throw new SndException(Errno.EINVAL, "mapping outside the buffer");
        }
        return rt.dmaBuffer();
    }

    /** PAGE_ALIGN() with 4 KiB pages. */
    public static long pageAlign(long bytes) {
        return (bytes + 4095) & ~4095L;
    }
}
