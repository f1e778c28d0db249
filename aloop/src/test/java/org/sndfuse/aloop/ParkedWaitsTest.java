package org.sndfuse.aloop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.sndfuse.abi.pcm.PcmFormat;
import org.sndfuse.abi.pcm.PcmState;
import org.sndfuse.abi.pcm.PcmStream;
import org.sndfuse.errno.Errno;

/**
 * Waits without a thread (docs/fuse-transport.md, "The low-level transport"): a parked transfer keeps its partial
 * progress and is retried at the substream's wake-ups, a parked drain at the draining member's, a parked open at a
 * release; an early end answers the partial count or the errno.
 */
class ParkedWaitsTest extends AloopTestSupport {
    private static final long MS = 1_000_000L;
    private static final int PERIOD = 480, FB = 4;
    private final LoopbackCard card = card(1, null);
    private final AtomicInteger retries = new AtomicInteger();
    private final Runnable retry = retries::incrementAndGet;

    private PcmSubstream open(int device, int stream) {
        PcmSubstream s = card.open(device, stream, 0, 1, "t");
        configure(s, PcmFormat.S16_LE, 2, 48000, PERIOD, 4);
        s.prepare();
        return s;
    }

    @Test
    void aParkedReadKeepsItsPartialProgressAndIsRetriedAtEachPeriod() {
        PcmSubstream capt = open(1, PcmStream.CAPTURE);
        capt.start();
        byte[] out = new byte[2 * PERIOD * FB];
        PcmXfer x = capt.readWriteParked(out, PcmStream.CAPTURE);
        assertEquals(-1, x.step(retry), "nothing captured yet: it waits");
        long left = x.remainingNanos();
        assertTrue(left > 0 && left <= 100 * MS, "the wait time is max(100 ms, 1.1 x buffer time): " + left);
        clock.advance(10 * MS); // one period elapses: the substream wakes its parked transfer
        assertEquals(1, retries.get());
        assertEquals(-1, x.step(retry), "one period moved, one still to come");
        assertEquals(PERIOD, x.end(Errno.EINTR), "an interrupt answers the partial count");
        clock.advance(10 * MS);
        assertEquals(1, retries.get(), "the ended transfer's retry was dropped");

        PcmXfer y = capt.readWriteParked(new byte[4 * PERIOD * FB], PcmStream.CAPTURE);
        assertEquals(-1, y.step(retry), "the period captured meanwhile moves, three more must wait");
        assertEquals(PERIOD, y.end(Errno.EINTR));
        PcmXfer z = capt.readWriteParked(new byte[PERIOD * FB], PcmStream.CAPTURE);
        assertEquals(-1, z.step(retry));
        assertErrno(Errno.EINTR, () -> z.end(Errno.EINTR));
    }

    @Test
    void aStepThatMovedWhatWasThereWaitsForTwakeFramesInsteadOfChasingTheClock() {
        PcmSubstream capt = open(1, PcmStream.CAPTURE);
        capt.start();
        clock.advance(10 * MS); // one period captured
        AtomicInteger copies = new AtomicInteger();
        // a copy that takes 0.1 ms (two frames) of the clock, as process_vm_writev takes real time
        PcmUserBuffer slow = new PcmUserBuffer() {
            @Override
            public void copyIn(long offset, java.nio.ByteBuffer dst, int dstOff, int len) {
                throw new AssertionError("capture only");
            }

            @Override
            public void copyOut(long offset, java.nio.ByteBuffer src, int srcOff, int len) {
                copies.incrementAndGet();
                clock.advance(MS / 10);
            }
        };
        PcmXfer x = capt.transferParked(slow, 4 * PERIOD);
        assertEquals(-1, x.step(retry), "the captured period moved, the rest waits");
        assertEquals(1, copies.get(), "no chase after the frames the copy's own time made available");
        clock.advance(10 * MS);
        assertEquals(1, retries.get(), "the next period wakes it");
    }

    @Test
    void anXrunEndsAParkedTransferWithEpipe() {
        PcmSubstream capt = open(1, PcmStream.CAPTURE);
        capt.start();
        PcmXfer x = capt.readWriteParked(new byte[PERIOD * FB], PcmStream.CAPTURE);
        assertEquals(-1, x.step(retry));
        capt.xrun();
        assertEquals(1, retries.get(), "the stop woke it");
        assertErrno(Errno.EPIPE, () -> x.step(retry));
    }

    @Test
    void aPausedStreamWaitsWithoutATimeoutAndGetsAFreshOneWhenReleased() {
        PcmSubstream capt = open(1, PcmStream.CAPTURE);
        capt.start();
        PcmXfer x = capt.readWriteParked(new byte[PERIOD * FB], PcmStream.CAPTURE);
        assertEquals(-1, x.step(retry));
        capt.pause(true);
        assertEquals(1, retries.get(), "the pause woke it");
        assertEquals(-1, x.step(retry), "paused: it waits again");
        clock.advance(500 * MS);
        assertTrue(x.remainingNanos() > 0, "no timeout while paused");
        capt.pause(false);
        assertTrue(x.remainingNanos() > 50 * MS, "the wait time starts again after the pause");
        clock.advance(10 * MS);
        assertEquals(PERIOD, x.step(retry));
    }

    @Test
    void aParkedDrainIsAnsweredWhenItsQueuedPeriodsHavePlayed() {
        PcmSubstream play = open(0, PcmStream.PLAYBACK);
        assertEquals(2 * PERIOD * FB, play.write(new byte[2 * PERIOD * FB], true, NEVER));
        PcmDrainWait d = play.drainParked();
        assertFalse(d.step(retry));
        clock.advance(10 * MS);
        assertTrue(retries.get() >= 1);
        assertFalse(d.step(retry), "one period still queued");
        clock.advance(10 * MS);
        assertTrue(d.step(retry));
        assertEquals(PcmState.SETUP, play.snapshot().state());
    }

    @Test
    void aParkedOpenIsRetriedAtARelease() {
        PcmSubstream first = card.open(0, PcmStream.PLAYBACK, -1, 1, "first");
        assertNull(card.openParked(0, PcmStream.PLAYBACK, -1, 2, "waiter", retry));
        first.close();
        assertEquals(1, retries.get());
        PcmSubstream second = card.openParked(0, PcmStream.PLAYBACK, -1, 2, "waiter", retry);
        assertNotNull(second);
        assertNull(card.openParked(0, PcmStream.PLAYBACK, -1, 3, "third", retry));
        card.unparkOpen(retry);
        second.close();
        assertEquals(1, retries.get(), "a dropped retry is not run");
    }
}
