package org.sndfuse.aloop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sndfuse.aloop.AloopTestSupport.assertErrno;
import static org.sndfuse.aloop.AloopTestSupport.configure;
import static org.sndfuse.aloop.AloopTestSupport.random;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.sndfuse.abi.pcm.PcmFormat;
import org.sndfuse.abi.pcm.PcmState;
import org.sndfuse.abi.pcm.PcmStream;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;
import org.sndfuse.timer.UserTimer;

/** Cables clocked by a userspace-driven timer (kernel-facts A1-A4). */
class TimerModeTest extends AloopTestSupport {
    private static final int PERIOD = 960;
    private static final int PERIOD_BYTES = PERIOD * 4;

    private final UserTimer utimer = core.createUserTimer(20_000_000L, this);
    private final LoopbackCard card = card(8, "-1.4." + utimer.number());

    private PcmSubstream[] openPair(LoopbackCard c, int capturePeriods) {
        PcmSubstream play = c.open(0, PcmStream.PLAYBACK, 0, 100, "player");
        PcmSubstream capt = c.open(1, PcmStream.CAPTURE, 0, 200, "recorder");
        configure(play, PcmFormat.S16_LE, 2, 48000, PERIOD, 4);
        configure(capt, PcmFormat.S16_LE, 2, 48000, PERIOD, capturePeriods);
        play.prepare();
        capt.prepare();
        return new PcmSubstream[] {play, capt};
    }

    @Test
    void eachTriggerMovesExactlyOnePeriod() {
        PcmSubstream[] pair = openPair(card, 8);
        PcmSubstream play = pair[0];
        PcmSubstream capt = pair[1];
        capt.start();
        int k = 4;
        byte[] data = random(7, k * PERIOD_BYTES);
        assertEquals(data.length, play.write(data, true, NEVER));
        assertEquals(PcmState.RUNNING, play.snapshot().state());
        for (int i = 1; i <= k; i++) {
            utimer.trigger();
            assertEquals((long) PERIOD * i, capt.snapshot().hwPtr());
            assertEquals((long) PERIOD * i, play.snapshot().hwPtr());
        }
        assertArrayEquals(data, capt.read(k * PERIOD_BYTES, true, NEVER));
        // The playback ring ran dry at the last tick: underrun, while capture keeps going.
        assertEquals(PcmState.XRUN, play.snapshot().state());
        assertEquals(PcmState.RUNNING, capt.snapshot().state());
        utimer.trigger();
        assertArrayEquals(new byte[PERIOD_BYTES], capt.read(PERIOD_BYTES, true, NEVER));
        assertTrue(log.isEmpty(), log.toString());
    }

    @Test
    void captureAloneRecordsSilenceOnePeriodPerTick() {
        PcmSubstream capt = card.open(1, PcmStream.CAPTURE, 3, 1, "r");
        configure(capt, PcmFormat.DSD_U8, 1, 48000, PERIOD, 4);
        capt.prepare();
        capt.start();
        utimer.trigger();
        utimer.trigger();
        byte[] got = capt.read(2 * PERIOD, true, NEVER);
        byte[] silence = new byte[2 * PERIOD];
        Arrays.fill(silence, (byte) 0x69);
        assertArrayEquals(silence, got);
    }

    @Test
    void resolutionMismatchStopsBothEndsWithTheKernelMessage() {
        UserTimer wrong = core.createUserTimer(21_000_000L, this);
        LoopbackCard c = card(1, "-1.4." + wrong.number());
        List<String> reasons = new ArrayList<>();
        c.addObserver(new LoopbackObserver() {
            @Override
            public void xrun(PcmSubstream s, String reason) {
                reasons.add(s.stream() + ":" + reason);
            }
        });
        PcmSubstream[] pair = openPair(c, 8);
        pair[1].start();
        pair[0].write(new byte[PERIOD_BYTES * 2], true, NEVER);
        wrong.trigger();
        assertEquals(PcmState.XRUN, pair[0].snapshot().state());
        assertEquals(PcmState.XRUN, pair[1].snapshot().state());
        assertEquals(0, pair[1].snapshot().hwPtr());
        String expected = "Period size (960 frames) of loopback device is not corresponding to timer resolution "
                + "(21000000 nsec = 1008 frames) of card timer -1,4," + wrong.number()
                + ". Use period size of 1008 frames for loopback device.";
        assertEquals(List.of(expected), log);
        assertEquals(List.of("0:" + expected, "1:" + expected), reasons);
        // Both ends stopped, so the cable stopped its timer instance.
        assertTrue(wrong.instances().stream().noneMatch(i -> i.isRunning()));
    }

    @Test
    void aMissingTimerFailsTheOpenWithEnodev() {
        LoopbackCard c = card(2, "-1.4.77");
        assertErrno(Errno.ENODEV, () -> c.open(0, PcmStream.PLAYBACK, -1, 1, "t"));
        assertEquals(List.of("snd_timer_open (-1,4,77) failed with -19"), log);
        assertTrue(new LoopbackProc(c).cable(0).startsWith("Cable 0 substream 0:\n  inactive\n"));
        assertErrno(Errno.ENODEV, () -> c.open(1, PcmStream.CAPTURE, -1, 1, "t"));
        // A PCM-class source (another card's PCM timer) does not exist here either.
        LoopbackCard byName = card(1, "hw:Loopback,0,1");
        assertErrno(Errno.ENODEV, () -> byName.open(0, PcmStream.PLAYBACK, -1, 1, "t"));
        assertEquals("snd_timer_open (0,0,1) failed with -19", log.get(log.size() - 1));
    }

    @Test
    void anUnparsableSourceFailsTheOpenWithEinval() {
        LoopbackCard c = card(1, "hw:nosuchcard");
        assertErrno(Errno.EINVAL, () -> c.open(0, PcmStream.PLAYBACK, -1, 1, "t"));
        assertEquals(List.of("Parsing timer source 'hw:nosuchcard' failed with -22"), log);
        // Changing the source applies to cables created afterwards.
        c.setTimerSource("-1.4." + utimer.number());
        c.open(0, PcmStream.PLAYBACK, -1, 1, "t");
        assertEquals(1, utimer.clients());
    }

    @Test
    void closingTheTimerMidStreamStallsWithoutHanging() throws Exception {
        PcmSubstream[] pair = openPair(card, 8);
        PcmSubstream play = pair[0];
        PcmSubstream capt = pair[1];
        capt.start();
        play.write(random(3, 2 * PERIOD_BYTES), true, NEVER);
        utimer.trigger();
        core.destroyUserTimer(utimer);

        // A blocked reader that got one period ends with the partial count when interrupted.
        AtomicBoolean interrupted = new AtomicBoolean();
        CompletableFuture<byte[]> partial = CompletableFuture.supplyAsync(
                () -> capt.read(2 * PERIOD_BYTES, false, interrupted::get));
        interrupted.set(true);
        assertEquals(PERIOD_BYTES, partial.get(10, TimeUnit.SECONDS).length);

        // One that got nothing ends with EINTR.
        AtomicBoolean interrupted2 = new AtomicBoolean();
        CompletableFuture<byte[]> none = CompletableFuture.supplyAsync(
                () -> capt.read(PERIOD_BYTES, false, interrupted2::get));
        interrupted2.set(true);
        ExecutionException ex = assertThrows(ExecutionException.class, () -> none.get(10, TimeUnit.SECONDS));
        assertEquals(Errno.EINTR, ((SndException) ex.getCause()).errno());

        // The streams still claim to run: they stall, as the kernel's do.
        assertEquals(PcmState.RUNNING, capt.snapshot().state());
        assertEquals(PcmState.RUNNING, play.snapshot().state());

        // Restarting fails with EINVAL until both ends are closed.
        play.drop();
        capt.drop();
        play.prepare();
        play.write(new byte[PERIOD_BYTES], true, NEVER) ;
        assertEquals(PcmState.PREPARED, play.snapshot().state()); // the automatic start failed: EINVAL swallowed by the count
        assertErrno(Errno.EINVAL, play::start);
        assertTrue(log.contains("snd_timer_start(-1,4,0) failed with -22"), log.toString());
        capt.prepare();
        assertErrno(Errno.EINVAL, capt::start);
        play.close();
        capt.close();

        UserTimer again = core.createUserTimer(20_000_000L, this);
        assertEquals(0, again.number());
        PcmSubstream[] fresh = openPair(card, 8);
        fresh[1].start();
        again.trigger();
        assertEquals(PERIOD, fresh[1].snapshot().hwPtr());
    }

    @Test
    void aStalledBlockedReadTimesOutWithEioOnTheCardClock() throws Exception {
        PcmSubstream[] pair = openPair(card, 8);
        PcmSubstream capt = pair[1];
        capt.start();
        CompletableFuture<byte[]> f = CompletableFuture.supplyAsync(() -> capt.read(PERIOD_BYTES, false, NEVER));
        ExecutionException ex = null;
        for (int i = 0; i < 2000 && ex == null; i++) {
            clock.advance(1_000_000_000L);
            try {
                f.get(20, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                continue;
            } catch (ExecutionException e) {
                ex = e;
            }
        }
        assertTrue(ex != null, "read never gave up");
        assertEquals(Errno.EIO, ((SndException) ex.getCause()).errno());
    }

    @Test
    void drainPlaysOutWhatIsQueuedThenStops() {
        PcmSubstream[] pair = openPair(card, 8);
        PcmSubstream play = pair[0];
        PcmSubstream capt = pair[1];
        capt.start();
        byte[] data = random(11, PERIOD_BYTES + PERIOD_BYTES / 2);
        play.write(data, true, NEVER);
        assertErrno(Errno.EAGAIN, () -> play.drain(true, NEVER));
        assertEquals(PcmState.DRAINING, play.snapshot().state());
        assertErrno(Errno.EBADFD, () -> play.write(new byte[4], true, NEVER));
        utimer.trigger();
        assertEquals(PcmState.DRAINING, play.snapshot().state());
        utimer.trigger();
        assertEquals(PcmState.SETUP, play.snapshot().state());
        byte[] got = capt.read(2 * PERIOD_BYTES, true, NEVER);
        assertArrayEquals(data, Arrays.copyOf(got, data.length));
        assertArrayEquals(new byte[PERIOD_BYTES / 2], Arrays.copyOfRange(got, data.length, got.length));
        // Capture drain: stops, to DRAINING while data is left; reads are refused there.
        utimer.trigger();
        capt.drain(false, NEVER);
        assertEquals(PcmState.DRAINING, capt.snapshot().state());
        assertErrno(Errno.EBADFD, () -> capt.read(4, true, NEVER));
        capt.drop();
        assertEquals(PcmState.SETUP, capt.snapshot().state());
    }

    @Test
    void pauseHoldsThePosition() {
        PcmSubstream[] pair = openPair(card, 8);
        PcmSubstream play = pair[0];
        PcmSubstream capt = pair[1];
        capt.start();
        play.write(random(5, 4 * PERIOD_BYTES), true, NEVER);
        utimer.trigger();
        play.pause(true);
        assertEquals(PcmState.PAUSED, play.snapshot().state());
        utimer.trigger();
        utimer.trigger();
        assertEquals(PERIOD, play.snapshot().hwPtr());
        assertEquals(3 * PERIOD, capt.snapshot().hwPtr());
        assertEquals(0, card.slaveActive(1, 0) ? 1 : 0);
        play.pause(false);
        assertEquals(1, card.slaveActive(1, 0) ? 1 : 0);
        utimer.trigger();
        assertEquals(2 * PERIOD, play.snapshot().hwPtr());
        // Both paused: the cable stops its timer instance; releasing restarts it.
        capt.pause(true);
        play.pause(true);
        assertTrue(utimer.instances().stream().noneMatch(i -> i.isRunning()));
        play.pause(false);
        assertTrue(utimer.instances().stream().anyMatch(i -> i.isRunning()));
    }
}
