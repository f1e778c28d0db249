package org.sndfuse.aloop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sndfuse.aloop.AloopTestSupport.assertErrno;
import static org.sndfuse.aloop.AloopTestSupport.configure;
import static org.sndfuse.aloop.AloopTestSupport.setInterval;
import static org.sndfuse.aloop.AloopTestSupport.setMask;

import org.junit.jupiter.api.Test;
import org.sndfuse.abi.pcm.HwParams;
import org.sndfuse.abi.pcm.PcmAccess;
import org.sndfuse.abi.pcm.PcmFormat;
import org.sndfuse.abi.pcm.PcmInterval;
import org.sndfuse.abi.pcm.PcmParam;
import org.sndfuse.abi.pcm.PcmState;
import org.sndfuse.abi.pcm.PcmStream;
import org.sndfuse.abi.pcm.SwParams;
import org.sndfuse.errno.Errno;

/**
 * HW_REFINE / HW_PARAMS with the loopback's hardware (pcm_native.c snd_pcm_hw_refine, aloop.c loopback_open;
 * docs/kernel-facts.md A4).
 */
class HwRefineTest extends AloopTestSupport {
    private final LoopbackCard card = card(8, null);

    @Test
    void anyParamsShowTheLoopbackHardware() {
        PcmSubstream s = card.open(0, PcmStream.PLAYBACK, -1, 1, "t");
        HwParams p = s.hwRefine(HwParams.any());
        assertEquals(0, p.rmask);
        assertNotEquals(0, p.cmask);
        assertTrue(p.mask(PcmParam.ACCESS).test(PcmAccess.RW_INTERLEAVED));
        assertTrue(p.mask(PcmParam.ACCESS).test(PcmAccess.MMAP_INTERLEAVED));
        assertTrue(p.mask(PcmParam.ACCESS).test(PcmAccess.RW_NONINTERLEAVED));
        assertFalse(p.mask(PcmParam.ACCESS).test(PcmAccess.MMAP_COMPLEX));
        assertEquals(PcmHardware.loopback().formats, p.mask(PcmParam.FORMAT).bits64());
        assertFalse(p.mask(PcmParam.FORMAT).test(PcmFormat.U8));
        assertTrue(p.mask(PcmParam.FORMAT).test(PcmFormat.DSD_U32_BE));
        assertEquals(PcmInterval.of(8000, 768000), p.interval(PcmParam.RATE));
        assertEquals(1, p.interval(PcmParam.CHANNELS).min);
        assertEquals(32, p.interval(PcmParam.CHANNELS).max);
        assertTrue(p.interval(PcmParam.PERIODS).integer);
        assertEquals(1024, p.interval(PcmParam.PERIODS).max);
        assertEquals(64, p.interval(PcmParam.PERIOD_BYTES).min);
        assertEquals(1024 * 1024, p.interval(PcmParam.PERIOD_BYTES).max);
        assertEquals(2 * 1024 * 1024, p.interval(PcmParam.BUFFER_BYTES).max);
        assertEquals(8, p.interval(PcmParam.SAMPLE_BITS).min); // DSD_U8
        assertEquals(32, p.interval(PcmParam.SAMPLE_BITS).max);
        assertEquals(0x000c0303, p.info);
        assertEquals(0, p.msbits);
        assertEquals(0, p.rateDen);
    }

    @Test
    void typicalSequenceFixesEverythingAndSetsDefaults() {
        PcmSubstream s = card.open(0, PcmStream.PLAYBACK, -1, 1, "t");
        HwParams p = configure(s, PcmFormat.S16_LE, 2, 48000, 960, 4);
        assertEquals(PcmState.SETUP, s.snapshot().state());
        assertTrue(p.mask(PcmParam.ACCESS).isSingle());
        assertEquals(PcmFormat.S16_LE, p.mask(PcmParam.FORMAT).min());
        assertEquals(PcmInterval.single(3840), p.interval(PcmParam.BUFFER_SIZE));
        assertEquals(PcmInterval.single(15360), p.interval(PcmParam.BUFFER_BYTES));
        assertEquals(PcmInterval.single(3840), p.interval(PcmParam.PERIOD_BYTES));
        assertEquals(PcmInterval.single(20000), p.interval(PcmParam.PERIOD_TIME));
        assertEquals(PcmInterval.single(32), p.interval(PcmParam.FRAME_BITS));
        assertEquals(16, p.msbits);
        assertTrue(p.interval(PcmParam.PERIOD_SIZE).integer);
        assertEquals(48000, p.rateNum);
        assertEquals(1, p.rateDen);
        assertEquals(0, p.fifoSize);
        assertEquals(0, p.rmask);
        assertEquals(20_000_000L, s.snapshot().periodTimeNanos());
        // Defaults after HW_PARAMS: avail_min one period, start 1, stop at the buffer size, boundary 3840 × 2^k.
        SwParams sw = s.swParams(new SwParams(0, 1, 0, 960, 1, 1, 3840, 0, 0, 0, 0, 0));
        assertEquals(PcmRuntime.boundaryFor(3840), sw.boundary());
        assertTrue(sw.boundary() <= Long.MAX_VALUE - 3840 && sw.boundary() > (Long.MAX_VALUE - 3840) / 2);
        assertEquals(0, sw.boundary() % 3840);
    }

    @Test
    void boundaryAndPeriodTimeFollowTheKernelArithmetic() {
        assertEquals(0x4000000000000000L, PcmRuntime.boundaryFor(16384));
        assertEquals(21_333_333L, PcmRuntime.timerResolution(48000, 1024));
        assertEquals(20_000_000L, PcmRuntime.timerResolution(48000, 960));
        assertEquals(551_250_000L, PcmRuntime.timerResolution(8000, 4410));
        assertEquals(23_219_954L, PcmRuntime.timerResolution(44100, 1024));
    }

    @Test
    void msbitsIsTheFormatsSignificantWidth() {
        PcmSubstream s = card.open(0, PcmStream.PLAYBACK, -1, 1, "t");
        assertEquals(24, configure(s, PcmFormat.S24_LE, 2, 48000, 960, 4).msbits);
        assertEquals(32, s.snapshot().frameBytes() * 8 / 2); // 24 bits in a 32-bit container
    }

    @Test
    void hwParamsFromAnyChoosesFirstValuesAndTheLargestBuffer() {
        PcmSubstream s = card.open(1, PcmStream.CAPTURE, -1, 1, "t");
        HwParams p = s.hwParams(HwParams.any());
        assertEquals(PcmAccess.MMAP_INTERLEAVED, p.mask(PcmParam.ACCESS).min());
        assertEquals(PcmFormat.S16_LE, p.mask(PcmParam.FORMAT).min());
        assertEquals(1, p.interval(PcmParam.CHANNELS).min);
        assertEquals(8000, p.interval(PcmParam.RATE).min);
        // 64 bytes of S16 mono = 32 frames = 4 ms; then 1024 periods.
        assertEquals(PcmInterval.single(32), p.interval(PcmParam.PERIOD_SIZE));
        assertEquals(PcmInterval.single(32768), p.interval(PcmParam.BUFFER_SIZE));
        assertEquals(s.snapshot().bufferSize(), 32768);
    }

    @Test
    void theSecondEndMustMatchTheFirstPreparedEnd() {
        PcmSubstream play = card.open(0, PcmStream.PLAYBACK, 0, 1, "t");
        configure(play, PcmFormat.S16_LE, 2, 48000, 960, 4);
        play.prepare();
        PcmSubstream capt = card.open(1, PcmStream.CAPTURE, 0, 2, "t");
        HwParams any = capt.hwRefine(HwParams.any());
        assertTrue(any.mask(PcmParam.FORMAT).isSingle());
        assertEquals(PcmFormat.S16_LE, any.mask(PcmParam.FORMAT).min());
        assertEquals(PcmInterval.single(48000), any.interval(PcmParam.RATE));
        assertEquals(PcmInterval.single(2), any.interval(PcmParam.CHANNELS));
        assertErrno(Errno.EINVAL, () -> setMask(capt, HwParams.any(), PcmParam.FORMAT, PcmFormat.S32_LE));
        assertErrno(Errno.EINVAL, () -> setInterval(capt, HwParams.any(), PcmParam.RATE, 44100));
        assertErrno(Errno.EINVAL, () -> configure(capt, PcmFormat.S16_LE, 1, 48000, 960, 4));
        assertEquals(PcmState.OPEN, capt.snapshot().state()); // a failed HW_PARAMS leaves OPEN
        // Jiffies mode: the period may differ.
        configure(capt, PcmFormat.S16_LE, 2, 48000, 480, 8);
        assertEquals(PcmState.SETUP, capt.snapshot().state());
        // The other cable is unaffected.
        PcmSubstream other = card.open(1, PcmStream.PLAYBACK, 0, 3, "t");
        configure(other, PcmFormat.S32_LE, 1, 44100, 1024, 2);
    }

    @Test
    void theNarrowingLastsUntilTheCableIsFreed() {
        PcmSubstream play = card.open(0, PcmStream.PLAYBACK, 0, 1, "t");
        configure(play, PcmFormat.S16_LE, 2, 48000, 960, 4);
        play.prepare();
        play.hwFree();
        assertErrno(Errno.EINVAL, () -> configure(play, PcmFormat.S32_LE, 2, 48000, 960, 4));
        play.close();
        PcmSubstream again = card.open(0, PcmStream.PLAYBACK, 0, 1, "t");
        configure(again, PcmFormat.S32_LE, 2, 48000, 960, 4);
    }

    @Test
    void timerModeAlsoPinsThePeriodBytes() {
        var u = core.createUserTimer(20_000_000L, this);
        LoopbackCard tcard = card(2, "-1.4." + u.number());
        PcmSubstream play = tcard.open(0, PcmStream.PLAYBACK, 0, 1, "t");
        configure(play, PcmFormat.S16_LE, 2, 48000, 960, 4);
        play.prepare();
        PcmSubstream capt = tcard.open(1, PcmStream.CAPTURE, 0, 2, "t");
        assertErrno(Errno.EINVAL, () -> configure(capt, PcmFormat.S16_LE, 2, 48000, 480, 8));
        configure(capt, PcmFormat.S16_LE, 2, 48000, 960, 8);
    }

    @Test
    void unsatisfiableRequestsFailWithEinval() {
        PcmSubstream s = card.open(0, PcmStream.PLAYBACK, -1, 1, "t");
        assertErrno(Errno.EINVAL, () -> setInterval(s, HwParams.any(), PcmParam.CHANNELS, 64));
        assertErrno(Errno.EINVAL, () -> setMask(s, HwParams.any(), PcmParam.FORMAT, PcmFormat.U8));
        assertErrno(Errno.EINVAL, () -> setInterval(s, HwParams.any(), PcmParam.RATE, 1_000_000));
        HwParams p = HwParams.any();
        p.interval(PcmParam.PERIODS).empty = true;
        p.rmask = 0; // an empty parameter fails even when not requested
        assertErrno(Errno.EINVAL, () -> s.hwRefine(p));
        HwParams q = HwParams.any();
        q.setMask(PcmParam.SUBFORMAT, org.sndfuse.abi.pcm.PcmMask.of(4));
        q.rmask = 1 << PcmParam.SUBFORMAT;
        assertErrno(Errno.EINVAL, () -> s.hwRefine(q)); // only STD is offered
    }

    @Test
    void withoutMmapOnlyRwAccessIsOffered() {
        card.setMmapSupported(false);
        PcmSubstream s = card.open(0, PcmStream.PLAYBACK, -1, 1, "t");
        HwParams p = s.hwRefine(HwParams.any());
        assertFalse(p.mask(PcmParam.ACCESS).test(PcmAccess.MMAP_INTERLEAVED));
        assertTrue(p.mask(PcmParam.ACCESS).test(PcmAccess.RW_INTERLEAVED));
        assertEquals(0, p.info & (HwParams.INFO_MMAP | HwParams.INFO_MMAP_VALID));
        assertEquals(PcmAccess.RW_INTERLEAVED, s.hwParams(HwParams.any()).mask(PcmParam.ACCESS).min());
    }

    @Test
    void hwParamsIsRefusedWhileRunning() {
        PcmSubstream s = card.open(0, PcmStream.PLAYBACK, -1, 1, "t");
        configure(s, PcmFormat.S16_LE, 2, 48000, 960, 4);
        s.prepare();
        s.write(new byte[3840], false, NEVER);
        assertEquals(PcmState.RUNNING, s.snapshot().state());
        assertErrno(Errno.EBADFD, () -> s.hwParams(HwParams.any()));
        assertErrno(Errno.EBADFD, s::hwFree);
    }
}
