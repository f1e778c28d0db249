package org.sndfuse.aloop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.function.Executable;
import org.sndfuse.abi.pcm.HwParams;
import org.sndfuse.abi.pcm.PcmAccess;
import org.sndfuse.abi.pcm.PcmInterval;
import org.sndfuse.abi.pcm.PcmMask;
import org.sndfuse.abi.pcm.PcmParam;
import org.sndfuse.clock.VirtualClock;
import org.sndfuse.errno.SndException;
import org.sndfuse.timer.TimerCore;

/** A virtual-clock card plus the alsa-lib-like parameter sequence the tests share. */
class AloopTestSupport {
    static final BooleanSupplier NEVER = () -> false;

    final VirtualClock clock = new VirtualClock();
    final TimerCore core = new TimerCore(clock, 250);
    final List<String> log = new ArrayList<>();

    LoopbackCard card(int substreams, String timerSource) {
        return new LoopbackCard(core, clock, substreams, timerSource, line -> {
            synchronized (log) {
                log.add(line);
            }
        });
    }

    /**
     * What alsa-lib does: "any" with every bit requested, then one parameter at a time (narrowed locally, then
     * HW_REFINE with only that bit in rmask), then HW_PARAMS.
     */
    static HwParams configure(PcmSubstream s, int format, int channels, int rate, long periodSize, long periods) {
        return configure(s, PcmAccess.RW_INTERLEAVED, format, channels, rate, periodSize, periods);
    }

    static HwParams configure(PcmSubstream s, int access, int format, int channels, int rate, long periodSize,
                              long periods) {
        HwParams p = s.hwRefine(HwParams.any());
        p = setMask(s, p, PcmParam.ACCESS, access);
        p = setMask(s, p, PcmParam.FORMAT, format);
        p = setInterval(s, p, PcmParam.CHANNELS, channels);
        p = setInterval(s, p, PcmParam.RATE, rate);
        p = setInterval(s, p, PcmParam.PERIOD_SIZE, periodSize);
        p = setInterval(s, p, PcmParam.PERIODS, periods);
        return s.hwParams(p);
    }

    static HwParams setMask(PcmSubstream s, HwParams p, int param, int value) {
        HwParams q = p.copy();
        q.mask(param).refine(PcmMask.of(value));
        q.rmask = 1 << param;
        q.cmask = 0;
        return s.hwRefine(q);
    }

    static HwParams setInterval(PcmSubstream s, HwParams p, int param, long value) {
        HwParams q = p.copy();
        q.interval(param).refine(PcmInterval.single(value));
        q.rmask = 1 << param;
        q.cmask = 0;
        return s.hwRefine(q);
    }

    /** A non-blocking write that answers 0 instead of EAGAIN. */
    static int writeSome(PcmSubstream s, byte[] data, int off, int len) {
        try {
            return s.write(java.util.Arrays.copyOfRange(data, off, off + len), true, NEVER);
        } catch (SndException e) {
            if (e.errno() == org.sndfuse.errno.Errno.EAGAIN) {
                return 0;
            }
            throw e;
        }
    }

    /** A non-blocking read that answers nothing instead of EAGAIN. */
    static byte[] readSome(PcmSubstream s, int max) {
        try {
            return s.read(max, true, NEVER);
        } catch (SndException e) {
            if (e.errno() == org.sndfuse.errno.Errno.EAGAIN) {
                return new byte[0];
            }
            throw e;
        }
    }

    static byte[] random(long seed, int n) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static void assertErrno(int errno, Executable e) {
        SndException ex = assertThrows(SndException.class, e);
        assertEquals(org.sndfuse.errno.Errno.name(errno), org.sndfuse.errno.Errno.name(ex.errno()), ex.getMessage());
    }
}
