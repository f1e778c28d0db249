package org.sndfuse.aloop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sndfuse.abi.pcm.HwParams;
import org.sndfuse.abi.pcm.MmapControl;
import org.sndfuse.abi.pcm.MmapStatus;
import org.sndfuse.abi.pcm.PcmAccess;
import org.sndfuse.abi.pcm.PcmFormat;
import org.sndfuse.abi.pcm.PcmParam;
import org.sndfuse.abi.pcm.PcmState;
import org.sndfuse.abi.pcm.PcmStream;
import org.sndfuse.abi.pcm.SyncPtr;
import org.sndfuse.errno.Errno;

/**
 * The mapped data buffer (docs/mmap.md): the mmap access offer per descriptor, the ring taken from the card's
 * mmap allocator and freed at HW_FREE / new HW_PARAMS / close, snd_pcm_mmap_data()'s checks, frames put in the
 * ring directly and appl_ptr moved by SYNC_PTR, and O_APPEND sharing (snd_pcm_attach_substream).
 */
class MmapBufferTest extends AloopTestSupport {
    private static final long MS = 1_000_000L;
    private final LoopbackCard card = card(8, null);
    private final List<String> allocations = new ArrayList<>();

    MmapBufferTest() {
        card.setMmapSupported(false);
        card.setMmapAllocator((s, bytes) -> {
            allocations.add("alloc " + s + " " + bytes);
            return PcmDmaBuffer.of(ByteBuffer.allocateDirect(bytes), () -> allocations.add("free " + s));
        });
    }

    @Test
    void mmapIsOfferedOnlyToTheDescriptorThatAsked() {
        PcmSubstream plain = card.open(0, PcmStream.PLAYBACK, 0, 1, "t");
        PcmSubstream mapped = card.open(0, PcmStream.PLAYBACK, 1, 1, "t");
        mapped.offerMmap();
        HwParams p = plain.hwRefine(HwParams.any());
        HwParams m = mapped.hwRefine(HwParams.any());
        assertFalse(p.mask(PcmParam.ACCESS).test(PcmAccess.MMAP_INTERLEAVED));
        assertEquals(0, p.info & (HwParams.INFO_MMAP | HwParams.INFO_MMAP_VALID));
        assertTrue(m.mask(PcmParam.ACCESS).test(PcmAccess.MMAP_INTERLEAVED));
        assertTrue(m.mask(PcmParam.ACCESS).test(PcmAccess.MMAP_NONINTERLEAVED));
        assertTrue(m.mask(PcmParam.ACCESS).test(PcmAccess.RW_INTERLEAVED));
        assertEquals(HwParams.INFO_MMAP | HwParams.INFO_MMAP_VALID,
                m.info & (HwParams.INFO_MMAP | HwParams.INFO_MMAP_VALID));
        assertErrno(Errno.EINVAL, () -> configure(plain, PcmAccess.MMAP_INTERLEAVED, PcmFormat.S16_LE, 2, 48000,
                960, 4));
    }

    @Test
    void theRingComesFromTheMmapAllocatorAndIsFreed() {
        PcmSubstream plain = card.open(0, PcmStream.PLAYBACK, 0, 1, "t");
        configure(plain, PcmFormat.S16_LE, 2, 48000, 960, 4);
        assertEquals(List.of(), allocations); // heap for a descriptor that never asked
        PcmSubstream s = card.open(0, PcmStream.PLAYBACK, 1, 1, "t");
        s.offerMmap();
        configure(s, PcmAccess.MMAP_INTERLEAVED, PcmFormat.S16_LE, 2, 48000, 960, 4);
        configure(s, PcmAccess.MMAP_INTERLEAVED, PcmFormat.S16_LE, 2, 48000, 480, 4);
        s.hwFree();
        configure(s, PcmAccess.MMAP_INTERLEAVED, PcmFormat.S16_LE, 2, 48000, 960, 2);
        s.close();
        assertEquals(List.of("alloc pcmC0D0p/sub1 15360", "free pcmC0D0p/sub1", "alloc pcmC0D0p/sub1 7680",
                "free pcmC0D0p/sub1", "alloc pcmC0D0p/sub1 7680", "free pcmC0D0p/sub1"), allocations);
    }

    @Test
    void mmapDataChecksAsTheKernel() {
        PcmSubstream s = card.open(0, PcmStream.PLAYBACK, 0, 1, "t");
        assertErrno(Errno.EBADFD, () -> s.mmapData(0, 4096, true, true));
        configure(s, PcmFormat.S16_LE, 2, 48000, 960, 4);
        assertErrno(Errno.ENXIO, () -> s.mmapData(0, 4096, true, true)); // no INFO_MMAP without the offer
        s.offerMmap();
        configure(s, PcmFormat.S16_LE, 2, 48000, 960, 4);
        assertErrno(Errno.EINVAL, () -> s.mmapData(0, 4096, true, true)); // RW access
        configure(s, PcmAccess.MMAP_INTERLEAVED, PcmFormat.S16_LE, 2, 48000, 960, 4);
        assertErrno(Errno.EINVAL, () -> s.mmapData(0, 4096, false, false));
        assertErrno(Errno.EINVAL, () -> s.mmapData(0, 16384 + 4096, true, true)); // beyond PAGE_ALIGN(15360)
        assertErrno(Errno.EINVAL, () -> s.mmapData(8192, 12288, true, true));
        assertSame(s.runtime().dmaBuffer(), s.mmapData(0, 16384, true, true));
        assertSame(s.runtime().dmaBuffer(), s.mmapData(12288, 4096, false, true));
        PcmSubstream c = card.open(1, PcmStream.CAPTURE, 0, 1, "t");
        c.offerMmap();
        configure(c, PcmAccess.MMAP_INTERLEAVED, PcmFormat.S16_LE, 2, 48000, 960, 4);
        assertErrno(Errno.EINVAL, () -> c.mmapData(0, 4096, false, true)); // capture needs PROT_READ
    }

    @Test
    void framesPutInTheRingAndCommittedBySyncPtrReachTheCaptureRing() {
        PcmSubstream play = card.open(0, PcmStream.PLAYBACK, 0, 1, "p");
        PcmSubstream capt = card.open(1, PcmStream.CAPTURE, 0, 2, "c");
        play.offerMmap();
        capt.offerMmap();
        configure(play, PcmAccess.MMAP_INTERLEAVED, PcmFormat.S16_LE, 2, 48000, 480, 4);
        configure(capt, PcmAccess.MMAP_INTERLEAVED, PcmFormat.S16_LE, 2, 48000, 480, 4);
        play.prepare();
        capt.prepare();
        byte[] data = random(7, 8 * 480 * 4);
        ByteBuffer pring = play.mmapData(0, 8192, true, true).area();
        ByteBuffer cring = capt.mmapData(0, 8192, true, false).area();
        pring.put(0, data, 0, 4 * 480 * 4);
        play.syncPtr(commit(4 * 480));
        assertEquals(PcmState.PREPARED, play.snapshot().state()); // SYNC_PTR never starts a stream
        play.start();
        capt.start();
        byte[] got = new byte[data.length];
        for (int period = 0; period < 8; period++) {
            clock.advance(10 * MS);
            SyncPtr c = capt.syncPtr(new SyncPtr(SyncPtr.FLAG_HWSYNC | SyncPtr.FLAG_APPL | SyncPtr.FLAG_AVAIL_MIN,
                    new MmapStatus(0, 0, 0, 0, 0, 0, 0), new MmapControl(0, 0)));
            long appl = c.control().applPtr();
            assertEquals(period * 480L, appl);
            assertEquals((period + 1) * 480L, c.status().hwPtr());
            cring.get((int) (appl % 1920) * 4, got, period * 480 * 4, 480 * 4);
            capt.syncPtr(commit(appl + 480));
            if (period + 4 < 8) {
                long pappl = play.snapshot().applPtr();
                pring.put((int) (pappl % 1920) * 4, data, (period + 4) * 480 * 4, 480 * 4);
                play.syncPtr(commit(pappl + 480));
            }
        }
        assertArrayEquals(data, got);
    }

    private static SyncPtr commit(long appl) {
        return new SyncPtr(SyncPtr.FLAG_AVAIL_MIN, new MmapStatus(0, 0, 0, 0, 0, 0, 0), new MmapControl(appl, 0));
    }

    @Test
    void anAppendOpenSharesTheSubstreamUntilTheLastClose() {
        assertErrno(Errno.EBADFD, () -> card.attach(0, PcmStream.PLAYBACK, 3)); // not open
        assertErrno(Errno.EINVAL, () -> card.attach(0, PcmStream.PLAYBACK, -1)); // 8 substreams: which one?
        PcmSubstream s = card.open(0, PcmStream.PLAYBACK, 3, 1, "t");
        PcmSubstream shared = card.attach(0, PcmStream.PLAYBACK, 3);
        assertSame(s, shared);
        s.close();
        assertFalse(shared.isReleased());
        assertErrno(Errno.EBUSY, () -> card.open(0, PcmStream.PLAYBACK, 3, 1, "t"));
        shared.close();
        assertTrue(shared.isReleased());
        card.open(0, PcmStream.PLAYBACK, 3, 1, "t").close();
        LoopbackCard one = card(1, null);
        PcmSubstream only = one.open(1, PcmStream.CAPTURE, -1, 1, "t");
        assertSame(only, one.attach(1, PcmStream.CAPTURE, -1));
    }
}
