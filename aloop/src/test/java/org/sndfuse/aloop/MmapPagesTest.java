package org.sndfuse.aloop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.sndfuse.abi.pcm.MmapControl;
import org.sndfuse.abi.pcm.MmapStatus;
import org.sndfuse.abi.pcm.PcmAccess;
import org.sndfuse.abi.pcm.PcmFormat;
import org.sndfuse.abi.pcm.PcmState;
import org.sndfuse.abi.pcm.PcmStream;
import org.sndfuse.abi.pcm.SyncPtr;
import org.sndfuse.errno.Errno;

/**
 * The mapped status and control pages (docs/mmap.md "Status and control pages"): the model reads appl_ptr and
 * avail_min from the control page when a cable lock is taken and writes the status page when it is let go, so a
 * client that only stores into and reads from the pages (no SYNC_PTR) plays and records; a store the client made
 * is never overwritten by an older value; garbage in the control page stays inside the model's ranges.
 */
class MmapPagesTest extends AloopTestSupport {
    private static final long MS = 1_000_000L;
    private final LoopbackCard card = card(8, null);

    MmapPagesTest() {
        card.setMmapSupported(false);
        card.setMmapAllocator((s, bytes) -> PcmDmaBuffer.of(ByteBuffer.allocateDirect(bytes), () -> { }));
    }

    private static ByteBuffer page(PcmDmaBuffer b) {
        return b.area().duplicate().order(ByteOrder.nativeOrder());
    }

    @Test
    void pagesComeWithTheOfferAndFollowTheKernelsChecks() {
        PcmSubstream s = card.open(0, PcmStream.PLAYBACK, 0, 1, "t");
        assertErrno(Errno.ENXIO, () -> s.mmapStatus(4096, true)); // no HELLO: no pages
        s.offerMmap();
        PcmDmaBuffer status = s.mmapStatus(4096, true);
        assertSame(status, s.mmapStatus(4096, true));
        assertNotSame(status, s.mmapControl(4096, true));
        assertErrno(Errno.EINVAL, () -> s.mmapStatus(8192, true));
        assertErrno(Errno.EINVAL, () -> s.mmapControl(4096, false));
        s.offerMmap(); // a second HELLO (a dup, an O_APPEND sharer) keeps the same pages
        assertSame(status, s.mmapStatus(4096, true));
        assertEquals(PcmState.OPEN, page(status).getInt(MmapStatus.OFF_STATE));
    }

    @Test
    void aClientStoringIntoThePagesPlaysAndRecordsWithoutSyncPtr() {
        PcmSubstream play = card.open(0, PcmStream.PLAYBACK, 0, 1, "p");
        PcmSubstream capt = card.open(1, PcmStream.CAPTURE, 0, 2, "c");
        play.offerMmap();
        capt.offerMmap();
        ByteBuffer pst = page(play.mmapStatus(4096, true));
        ByteBuffer pctl = page(play.mmapControl(4096, true));
        ByteBuffer cst = page(capt.mmapStatus(4096, true));
        ByteBuffer cctl = page(capt.mmapControl(4096, true));
        configure(play, PcmAccess.MMAP_INTERLEAVED, PcmFormat.S16_LE, 2, 48000, 480, 4);
        configure(capt, PcmAccess.MMAP_INTERLEAVED, PcmFormat.S16_LE, 2, 48000, 480, 4);
        play.prepare();
        capt.prepare();
        assertEquals(PcmState.PREPARED, pst.getInt(MmapStatus.OFF_STATE));
        assertEquals(480, pctl.getLong(MmapControl.OFF_AVAIL_MIN), "SW_PARAMS' avail_min reached the page");
        byte[] data = random(11, 8 * 480 * 4);
        ByteBuffer pring = play.mmapData(0, 8192, true, true).area();
        ByteBuffer cring = capt.mmapData(0, 8192, true, false).area();
        pring.put(0, data, 0, 4 * 480 * 4);
        pctl.putLong(MmapControl.OFF_APPL_PTR, 4 * 480); // alsa-lib's mmap_commit: a plain store
        assertEquals(0, play.status(null).avail(), "the model sees the stored appl_ptr");
        play.start();
        capt.start();
        assertEquals(PcmState.RUNNING, pst.getInt(MmapStatus.OFF_STATE));
        byte[] got = new byte[data.length];
        for (int period = 0; period < 8; period++) {
            clock.advance(10 * MS); // the period timer moves the pointers and writes the status pages
            long appl = cctl.getLong(MmapControl.OFF_APPL_PTR);
            assertEquals(period * 480L, appl);
            assertEquals((period + 1) * 480L, cst.getLong(MmapStatus.OFF_HW_PTR));
            assertEquals((period + 1) * 480L, pst.getLong(MmapStatus.OFF_HW_PTR));
            cring.get((int) (appl % 1920) * 4, got, period * 480 * 4, 480 * 4);
            cctl.putLong(MmapControl.OFF_APPL_PTR, appl + 480);
            if (period + 4 < 8) {
                long pappl = pctl.getLong(MmapControl.OFF_APPL_PTR);
                pring.put((int) (pappl % 1920) * 4, data, (period + 4) * 480 * 4, 480 * 4);
                pctl.putLong(MmapControl.OFF_APPL_PTR, pappl + 480);
            }
        }
        assertArrayEquals(data, got);
        SyncPtr sp = capt.syncPtr(new SyncPtr(SyncPtr.FLAG_APPL | SyncPtr.FLAG_AVAIL_MIN,
                new MmapStatus(0, 0, 0, 0, 0, 0, 0), new MmapControl(0, 0)));
        assertEquals(8 * 480L, sp.control().applPtr(), "SYNC_PTR reports what the page holds");
        play.drop();
        assertEquals(PcmState.SETUP, pst.getInt(MmapStatus.OFF_STATE));
    }

    @Test
    void theModelWritesTheControlPageOnlyWhenItMovedThePointer() {
        PcmSubstream s = card.open(0, PcmStream.PLAYBACK, 0, 1, "p");
        s.offerMmap();
        ByteBuffer ctl = page(s.mmapControl(4096, true));
        configure(s, PcmAccess.MMAP_INTERLEAVED, PcmFormat.S16_LE, 2, 48000, 480, 4);
        s.prepare();
        ctl.putLong(MmapControl.OFF_APPL_PTR, 960);
        ctl.putLong(MmapControl.OFF_AVAIL_MIN, 100);
        s.snapshot(); // a lock section that changes nothing leaves the client's stores alone
        assertEquals(960, ctl.getLong(MmapControl.OFF_APPL_PTR));
        assertEquals(100, ctl.getLong(MmapControl.OFF_AVAIL_MIN));
        s.prepare(); // PREPARE sets appl_ptr := hw_ptr: the model's write reaches the page
        assertEquals(0, ctl.getLong(MmapControl.OFF_APPL_PTR));
        assertEquals(100, ctl.getLong(MmapControl.OFF_AVAIL_MIN));
    }

    @Test
    void garbageInTheControlPageStaysInsideTheModelsRanges() {
        PcmSubstream s = card.open(0, PcmStream.PLAYBACK, 0, 1, "p");
        s.offerMmap();
        ByteBuffer ctl = page(s.mmapControl(4096, true));
        configure(s, PcmAccess.MMAP_INTERLEAVED, PcmFormat.S16_LE, 2, 48000, 480, 4);
        s.prepare();
        ctl.putLong(MmapControl.OFF_APPL_PTR, -1L);
        ctl.putLong(MmapControl.OFF_AVAIL_MIN, 0);
        long avail = s.status(null).avail();
        long boundary = s.runtime().boundary;
        assertEquals(Long.remainderUnsigned(-1L, boundary), s.snapshot().applPtr());
        assertEquals(true, avail >= 0 && avail < boundary, "avail " + avail);
        assertEquals(1, s.runtime().availMin);
        // appl_ptr one frame behind the boundary: one frame more than the ring is free, nothing queued
        assertErrno(Errno.EPIPE, s::start);
        ctl.putLong(MmapControl.OFF_APPL_PTR, 1 << 40); // far ahead: the model keeps serving the stream
        s.start();
        clock.advance(50 * MS);
        s.drop();
        assertEquals(PcmState.SETUP, s.snapshot().state());
    }
}
