package org.sndfuse.aloop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sndfuse.aloop.AloopTestSupport.assertErrno;
import static org.sndfuse.aloop.AloopTestSupport.configure;
import static org.sndfuse.aloop.AloopTestSupport.random;
import static org.sndfuse.aloop.AloopTestSupport.readSome;
import static org.sndfuse.aloop.AloopTestSupport.writeSome;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.sndfuse.abi.pcm.PcmAccess;
import org.sndfuse.abi.pcm.PcmFormat;
import org.sndfuse.abi.pcm.PcmState;
import org.sndfuse.abi.pcm.PcmStream;
import org.sndfuse.abi.pcm.SwParams;
import org.sndfuse.errno.Errno;

/** The system-clock mode's data path: byte-exact copies, silence, xruns, drain, pause, long-run accuracy. */
class DataPathTest extends AloopTestSupport {
    private static final long MS = 1_000_000L;
    private final LoopbackCard card = card(8, null);

    /** Streams {@code data} from {@code play} to {@code capt}, advancing the clock a period at a time. */
    private byte[] stream(PcmSubstream play, PcmSubstream capt, byte[] data, long periodNanos, int readMax) {
        capt.start();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        int off = writeSome(play, data, 0, Math.min(data.length, 4 * readMax));
        for (int i = 0; i < 100_000 && got.size() < data.length; i++) {
            clock.advance(periodNanos);
            got.writeBytes(readSome(capt, readMax));
            if (off < data.length) {
                off += writeSome(play, data, off, Math.min(readMax, data.length - off));
            }
        }
        return Arrays.copyOf(got.toByteArray(), data.length);
    }

    @Test
    void everyCableAndSubstreamCarriesTheStreamByteExact() {
        for (int sub = 0; sub < 8; sub++) {
            for (int cable = 0; cable < 2; cable++) {
                PcmSubstream play = card.open(cable, PcmStream.PLAYBACK, sub, 1, "p");
                PcmSubstream capt = card.open(1 - cable, PcmStream.CAPTURE, sub, 2, "c");
                assertEquals(cable, play.cableIndex());
                assertEquals(cable, capt.cableIndex());
                int channels = 1 + (sub % 3);
                configure(play, PcmFormat.S16_LE, channels, 48000, 480, 4);
                configure(capt, PcmFormat.S16_LE, channels, 48000, 240, 8);
                play.prepare();
                capt.prepare();
                byte[] data = random(sub * 2 + cable, 48000 / 4 * 2 * channels);
                assertArrayEquals(data, stream(play, capt, data, 10 * MS, 480 * 2 * channels),
                        "cable " + cable + " sub " + sub);
                play.close();
                capt.close();
            }
        }
    }

    @Test
    void nonInterleavedChannelsTravelSeparately() {
        PcmSubstream play = card.open(0, PcmStream.PLAYBACK, 0, 1, "p");
        PcmSubstream capt = card.open(1, PcmStream.CAPTURE, 0, 2, "c");
        configure(play, PcmAccess.RW_NONINTERLEAVED, PcmFormat.S32_LE, 2, 48000, 480, 4);
        configure(capt, PcmAccess.RW_NONINTERLEAVED, PcmFormat.S32_LE, 2, 48000, 480, 4);
        play.prepare();
        capt.prepare();
        capt.start();
        byte[] left = random(1, 480 * 4 * 3);
        byte[] right = random(2, 480 * 4 * 3);
        assertEquals(1440, play.writeFramesNonInterleaved(new byte[][] {left, right}, true, NEVER));
        clock.advance(30 * MS);
        byte[][] got = capt.readFramesNonInterleaved(1440, true, NEVER);
        assertArrayEquals(left, got[0]);
        assertArrayEquals(right, got[1]);
        assertErrno(Errno.EINVAL, () -> play.write(new byte[8], true, NEVER));
    }

    @Test
    void captureWithoutPlaybackRecordsSilenceOverOldData() {
        PcmSubstream play = card.open(0, PcmStream.PLAYBACK, 0, 1, "p");
        PcmSubstream capt = card.open(1, PcmStream.CAPTURE, 0, 2, "c");
        configure(play, PcmFormat.S24_3LE, 2, 44100, 441, 4);
        configure(capt, PcmFormat.S24_3LE, 2, 44100, 441, 4);
        play.prepare();
        capt.prepare();
        byte[] data = random(9, 441 * 6 * 3);
        assertArrayEquals(data, stream(play, capt, data, 10 * MS, 441 * 6));
        play.drop();
        ByteArrayOutputStream after = new ByteArrayOutputStream();
        for (int i = 0; i < 20; i++) {
            clock.advance(10 * MS);
            after.writeBytes(readSome(capt, 441 * 6 * 4));
        }
        byte[] tail = after.toByteArray();
        assertTrue(tail.length >= 441 * 6 * 15, "captured " + tail.length);
        // Whatever the capture ring held before, the part recorded after the stop is silence.
        byte[] last = Arrays.copyOfRange(tail, tail.length - 441 * 6 * 8, tail.length);
        assertArrayEquals(new byte[last.length], last);
    }

    @Test
    void captureAloneFromTheStartIsSilent() {
        PcmSubstream capt = card.open(1, PcmStream.CAPTURE, 2, 2, "c");
        configure(capt, PcmFormat.FLOAT_LE, 1, 8000, 80, 4);
        capt.prepare();
        capt.start();
        clock.advance(30 * MS);
        byte[] got = capt.read(240 * 4, true, NEVER);
        assertArrayEquals(new byte[240 * 4], got);
    }

    @Test
    void playbackWithoutCaptureDiscards() {
        PcmSubstream play = card.open(0, PcmStream.PLAYBACK, 0, 1, "p");
        configure(play, PcmFormat.S16_LE, 2, 48000, 480, 4);
        play.prepare();
        play.write(random(4, 480 * 4 * 4), true, NEVER);
        clock.advance(25 * MS);
        assertEquals(1200, play.status(null).hwPtr());
        assertEquals(PcmState.RUNNING, play.snapshot().state());
        PcmSubstream capt = card.open(1, PcmStream.CAPTURE, 0, 2, "c");
        configure(capt, PcmFormat.S16_LE, 2, 48000, 480, 4);
        capt.prepare();
        capt.start();
        clock.advance(5 * MS);
        // Capture joined late: it hears the playback from its current position on, not what was discarded.
        assertEquals(240, capt.status(null).hwPtr());
    }

    @Test
    void underrunAndOverrunAreDetectedAndPrepareRecovers() {
        PcmSubstream play = card.open(0, PcmStream.PLAYBACK, 0, 1, "p");
        configure(play, PcmFormat.S16_LE, 2, 48000, 480, 4);
        play.prepare();
        play.write(new byte[480 * 4], true, NEVER);
        clock.advance(15 * MS);
        assertEquals(PcmState.XRUN, play.snapshot().state());
        assertErrno(Errno.EPIPE, () -> play.write(new byte[4], true, NEVER));
        play.prepare();
        assertEquals(480 * 4, play.write(new byte[480 * 4], true, NEVER));
        assertEquals(PcmState.RUNNING, play.snapshot().state());

        PcmSubstream capt = card.open(1, PcmStream.CAPTURE, 1, 2, "c");
        configure(capt, PcmFormat.S16_LE, 2, 48000, 480, 4);
        capt.prepare();
        capt.start();
        clock.advance(41 * MS);
        assertEquals(PcmState.XRUN, capt.snapshot().state());
        assertErrno(Errno.EPIPE, () -> capt.read(4, true, NEVER));
        capt.prepare();
        capt.start();
        clock.advance(10 * MS);
        assertEquals(480 * 4, capt.read(480 * 4, true, NEVER).length);
    }

    @Test
    void ignoredUnderrunPlaysSilenceWhenAsked() {
        for (boolean silence : new boolean[] {false, true}) {
            PcmSubstream play = card.open(0, PcmStream.PLAYBACK, 0, 1, "p");
            PcmSubstream capt = card.open(1, PcmStream.CAPTURE, 0, 2, "c");
            configure(play, PcmFormat.S16_LE, 1, 48000, 480, 4);
            configure(capt, PcmFormat.S16_LE, 1, 48000, 480, 8);
            long boundary = PcmRuntime.boundaryFor(1920);
            play.swParams(new SwParams(0, 1, 0, 480, 1, 1, boundary, 0, silence ? boundary : 0, 0, 0x2000f, 0));
            play.prepare();
            capt.prepare();
            byte[] data = random(5, 1920 * 2);
            capt.start();
            play.write(data, true, NEVER);
            clock.advance(40 * MS);
            assertArrayEquals(data, capt.read(1920 * 2, true, NEVER));
            clock.advance(40 * MS);
            assertEquals(PcmState.RUNNING, play.snapshot().state()); // xrun disabled
            byte[] again = capt.read(1920 * 2, true, NEVER);
            assertArrayEquals(silence ? new byte[data.length] : data, again, "silence " + silence);
            play.close();
            capt.close();
        }
    }

    @Test
    void blockingDrainCompletesAsTheClockRuns() throws Exception {
        PcmSubstream play = card.open(0, PcmStream.PLAYBACK, 0, 1, "p");
        PcmSubstream capt = card.open(1, PcmStream.CAPTURE, 0, 2, "c");
        configure(play, PcmFormat.S16_LE, 2, 48000, 480, 4);
        configure(capt, PcmFormat.S16_LE, 2, 48000, 480, 8);
        play.prepare();
        capt.prepare();
        capt.start();
        byte[] data = random(6, 480 * 4 * 3);
        play.write(data, true, NEVER);
        CompletableFuture<Void> drain = CompletableFuture.runAsync(() -> play.drain(false, NEVER));
        for (int i = 0; i < 5000 && !drain.isDone(); i++) {
            clock.advance(MS);
            try {
                drain.get(1, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // keep the clock going
            }
        }
        drain.get(10, TimeUnit.SECONDS);
        assertEquals(PcmState.SETUP, play.snapshot().state());
        assertArrayEquals(data, Arrays.copyOf(capt.read(480 * 4 * 8, true, NEVER), data.length));
    }

    @Test
    void pauseHoldsThePosition() {
        PcmSubstream play = card.open(0, PcmStream.PLAYBACK, 0, 1, "p");
        configure(play, PcmFormat.S16_LE, 2, 48000, 480, 4);
        play.prepare();
        play.write(new byte[1920 * 4], true, NEVER);
        clock.advance(10 * MS);
        play.pause(true);
        long held = play.snapshot().hwPtr();
        assertEquals(480, held);
        clock.advance(1_000 * MS);
        assertEquals(held, play.status(null).hwPtr());
        assertEquals(PcmState.PAUSED, play.snapshot().state());
        play.pause(false);
        clock.advance(10 * MS);
        assertEquals(960, play.status(null).hwPtr());
    }

    /** Frames delivered over {@code seconds} of virtual time by a capture stream read every 5 ms. */
    private long framesOver(int rate, int period, int seconds, int rateShift) {
        card.setRateShift(1, 0, rateShift);
        PcmSubstream capt = card.open(1, PcmStream.CAPTURE, 0, 2, "c");
        configure(capt, PcmFormat.S16_LE, 2, rate, period, 4);
        capt.prepare();
        capt.start();
        long frames = 0;
        for (long t = 0; t < seconds * 1000L; t += 5) {
            clock.advance(5 * MS);
            frames += readSome(capt, period * 4 * 4).length / 4;
        }
        frames += capt.status(null).avail();
        capt.close();
        return frames;
    }

    @Test
    void theSystemClockDeliversRateTimesSecondsWithoutDrift() {
        assertTrue(Math.abs(framesOver(48000, 1024, 10, 100000) - 480000) <= 1024);
        assertTrue(Math.abs(framesOver(44100, 1024, 10, 100000) - 441000) <= 1024);
        assertTrue(Math.abs(framesOver(8000, 441, 10, 100000) - 80000) <= 441);
        // The rate shift stretches time: 120000 plays at 100000/120000 of the rate.
        assertTrue(Math.abs(framesOver(48000, 960, 10, 120000) - 400000) <= 960);
        assertTrue(Math.abs(framesOver(48000, 960, 10, 80000) - 600000) <= 960);
    }

    @Test
    void pollFollowsAvailMinAndWakesOnce() {
        PcmSubstream play = card.open(0, PcmStream.PLAYBACK, 0, 1, "p");
        assertEquals(PcmSubstream.POLLOUT | PcmSubstream.POLLWRNORM | PcmSubstream.POLLERR, play.poll(null));
        configure(play, PcmFormat.S16_LE, 2, 48000, 480, 4);
        play.prepare();
        assertEquals(PcmSubstream.POLLOUT | PcmSubstream.POLLWRNORM, play.poll(null));
        play.write(new byte[1920 * 4], true, NEVER);
        AtomicInteger woken = new AtomicInteger();
        assertEquals(0, play.poll(woken::incrementAndGet));
        clock.advance(5 * MS);
        assertEquals(0, woken.get());
        clock.advance(6 * MS);
        assertEquals(1, woken.get());
        clock.advance(20 * MS);
        assertEquals(1, woken.get());
        assertEquals(PcmSubstream.POLLOUT | PcmSubstream.POLLWRNORM, play.poll(woken::incrementAndGet));
        assertEquals(2, woken.get()); // ready at once: the waiter runs immediately

        PcmSubstream capt = card.open(1, PcmStream.CAPTURE, 0, 2, "c");
        configure(capt, PcmFormat.S16_LE, 2, 48000, 480, 4);
        capt.prepare();
        capt.start();
        AtomicInteger readable = new AtomicInteger();
        assertEquals(0, capt.poll(readable::incrementAndGet));
        clock.advance(10 * MS);
        assertEquals(1, readable.get());
        assertEquals(PcmSubstream.POLLIN | PcmSubstream.POLLRDNORM, capt.poll(null));
    }
}
