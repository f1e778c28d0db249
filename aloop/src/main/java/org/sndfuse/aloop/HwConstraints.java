package org.sndfuse.aloop;

import java.util.ArrayList;
import java.util.List;
import org.sndfuse.abi.pcm.HwParams;
import org.sndfuse.abi.pcm.PcmAccess;
import org.sndfuse.abi.pcm.PcmFormat;
import org.sndfuse.abi.pcm.PcmInterval;
import org.sndfuse.abi.pcm.PcmMask;
import org.sndfuse.abi.pcm.PcmParam;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

/**
 * One open substream's hardware-parameter space (the kernel's snd_pcm_hw_constraints): a mask or interval per
 * parameter, plus the rules tying parameters together, applied to a fixed point by {@link #refine}
 * (pcm_native.c: snd_pcm_hw_refine, snd_pcm_hw_constraints_init/_complete). Built once at open; the rules
 * the loopback driver adds (LoopbackCable#openConstraints) read the cable's hardware at every refine, so they
 * see the other end's later narrowing.
 *
 * <p>Not thread-safe by itself: callers refine under the card lock (which guards the cable hardware the
 * loopback rules read).
 */
final class HwConstraints {
    /** A rule narrows {@code var} from the current values of {@code deps}; true when it changed {@code var}. */
    interface RuleFunction {
        boolean apply(HwParams p);
    }

    private record Rule(int var, int[] deps, RuleFunction fn) {}

    private final PcmMask[] masks = new PcmMask[PcmParam.LAST_MASK + 1];
    private final PcmInterval[] intervals = new PcmInterval[PcmParam.LAST_INTERVAL + 1];
    private final List<Rule> rules = new ArrayList<>();
    private int info;
    /** The hardware's info word, kept so {@link #offerMmap()} can add the mmap modes later. */
    private final int hwInfo;

    /**
     * The core's defaults and standard rules followed by the driver's hardware table (snd_pcm_hw_constraints_init
     * then _complete). {@code mmap} false drops the mmap access modes and info bits, for a transport that cannot
     * map the data buffer.
     */
    HwConstraints(PcmHardware hw, boolean mmap) {
        for (int p = PcmParam.FIRST_MASK; p <= PcmParam.LAST_MASK; p++) {
            masks[p] = PcmMask.any();
        }
        for (int p = PcmParam.FIRST_INTERVAL; p <= PcmParam.LAST_INTERVAL; p++) {
            intervals[p] = PcmInterval.any();
        }
        for (int p : new int[] {PcmParam.CHANNELS, PcmParam.BUFFER_SIZE, PcmParam.BUFFER_BYTES,
            PcmParam.SAMPLE_BITS, PcmParam.FRAME_BITS}) {
            intervals[p].integer = true;
        }
        addStandardRules();

        PcmMask access = PcmMask.none();
        if ((hw.info & HwParams.INFO_INTERLEAVED) != 0) {
            access.set(PcmAccess.RW_INTERLEAVED);
            if (mmap && (hw.info & HwParams.INFO_MMAP) != 0) {
                access.set(PcmAccess.MMAP_INTERLEAVED);
            }
        }
        if ((hw.info & HwParams.INFO_NONINTERLEAVED) != 0) {
            access.set(PcmAccess.RW_NONINTERLEAVED);
            if (mmap && (hw.info & HwParams.INFO_MMAP) != 0) {
                access.set(PcmAccess.MMAP_NONINTERLEAVED);
            }
        }
        masks[PcmParam.ACCESS].refine(access);
        masks[PcmParam.FORMAT].refine(PcmMask.ofBits(hw.formats));
        masks[PcmParam.SUBFORMAT].refine(PcmMask.of(0)); // STD only
        intervals[PcmParam.CHANNELS].refine(PcmInterval.of(hw.channelsMin, hw.channelsMax));
        intervals[PcmParam.RATE].refine(PcmInterval.of(hw.rateMin, hw.rateMax));
        intervals[PcmParam.PERIOD_BYTES].refine(PcmInterval.of(hw.periodBytesMin, hw.periodBytesMax));
        intervals[PcmParam.PERIODS].refine(PcmInterval.of(hw.periodsMin, hw.periodsMax));
        intervals[PcmParam.BUFFER_BYTES].refine(PcmInterval.of(hw.periodBytesMin, hw.bufferBytesMax));
        // The core makes whole period sizes a rule for every driver.
        setInteger(PcmParam.PERIOD_SIZE);

        this.hwInfo = hw.info;
        int i = hw.info & ~(HwParams.INFO_FIFO_IN_FRAMES | HwParams.INFO_DRAIN_TRIGGER);
        if (!mmap) {
            i &= ~(HwParams.INFO_MMAP | HwParams.INFO_MMAP_VALID);
        }
        this.info = i;
    }

    /**
     * The transport can map this descriptor's buffer after all (a descriptor whose process loaded the preload
     * library, docs/mmap.md): offer the mmap access modes and info bits the hardware has. Idempotent.
     */
    void offerMmap() {
        if ((hwInfo & HwParams.INFO_MMAP) == 0) {
            return;
        }
        if ((hwInfo & HwParams.INFO_INTERLEAVED) != 0) {
            masks[PcmParam.ACCESS].set(PcmAccess.MMAP_INTERLEAVED);
        }
        if ((hwInfo & HwParams.INFO_NONINTERLEAVED) != 0) {
            masks[PcmParam.ACCESS].set(PcmAccess.MMAP_NONINTERLEAVED);
        }
        info |= hwInfo & (HwParams.INFO_MMAP | HwParams.INFO_MMAP_VALID);
    }

    /** The info word HW_REFINE/HW_PARAMS report. */
    int info() {
        return info;
    }

    /** snd_pcm_hw_constraint_integer(). */
    void setInteger(int param) {
        PcmInterval t = PcmInterval.any();
        t.integer = true;
        intervals[param].refine(t);
    }

    void addRule(int var, RuleFunction fn, int... deps) {
        rules.add(new Rule(var, deps, fn));
    }

    private void addStandardRules() {
        addRule(PcmParam.FORMAT, HwConstraints::formatFromSampleBits, PcmParam.SAMPLE_BITS);
        addRule(PcmParam.SAMPLE_BITS, HwConstraints::sampleBitsFromFormat, PcmParam.FORMAT, PcmParam.SAMPLE_BITS);
        div(PcmParam.SAMPLE_BITS, PcmParam.FRAME_BITS, PcmParam.CHANNELS);
        mul(PcmParam.FRAME_BITS, PcmParam.SAMPLE_BITS, PcmParam.CHANNELS);
        mulKDiv(PcmParam.FRAME_BITS, PcmParam.PERIOD_BYTES, 8, PcmParam.PERIOD_SIZE);
        mulKDiv(PcmParam.FRAME_BITS, PcmParam.BUFFER_BYTES, 8, PcmParam.BUFFER_SIZE);
        div(PcmParam.CHANNELS, PcmParam.FRAME_BITS, PcmParam.SAMPLE_BITS);
        mulKDiv(PcmParam.RATE, PcmParam.PERIOD_SIZE, 1_000_000, PcmParam.PERIOD_TIME);
        mulKDiv(PcmParam.RATE, PcmParam.BUFFER_SIZE, 1_000_000, PcmParam.BUFFER_TIME);
        div(PcmParam.PERIODS, PcmParam.BUFFER_SIZE, PcmParam.PERIOD_SIZE);
        div(PcmParam.PERIOD_SIZE, PcmParam.BUFFER_SIZE, PcmParam.PERIODS);
        mulKDiv(PcmParam.PERIOD_SIZE, PcmParam.PERIOD_BYTES, 8, PcmParam.FRAME_BITS);
        mulDivK(PcmParam.PERIOD_SIZE, PcmParam.PERIOD_TIME, PcmParam.RATE, 1_000_000);
        mul(PcmParam.BUFFER_SIZE, PcmParam.PERIOD_SIZE, PcmParam.PERIODS);
        mulKDiv(PcmParam.BUFFER_SIZE, PcmParam.BUFFER_BYTES, 8, PcmParam.FRAME_BITS);
        mulDivK(PcmParam.BUFFER_SIZE, PcmParam.BUFFER_TIME, PcmParam.RATE, 1_000_000);
        mulDivK(PcmParam.PERIOD_BYTES, PcmParam.PERIOD_SIZE, PcmParam.FRAME_BITS, 8);
        mulDivK(PcmParam.BUFFER_BYTES, PcmParam.BUFFER_SIZE, PcmParam.FRAME_BITS, 8);
        mulKDiv(PcmParam.PERIOD_TIME, PcmParam.PERIOD_SIZE, 1_000_000, PcmParam.RATE);
        mulKDiv(PcmParam.BUFFER_TIME, PcmParam.BUFFER_SIZE, 1_000_000, PcmParam.RATE);
    }

    private void mul(int var, int a, int b) {
        addRule(var, p -> p.interval(var).refine(PcmInterval.mul(p.interval(a), p.interval(b))), a, b);
    }

    private void div(int var, int a, int b) {
        addRule(var, p -> p.interval(var).refine(PcmInterval.div(p.interval(a), p.interval(b))), a, b);
    }

    private void mulDivK(int var, int a, int b, long k) {
        addRule(var, p -> p.interval(var).refine(PcmInterval.mulDivK(p.interval(a), p.interval(b), k)), a, b);
    }

    private void mulKDiv(int var, int a, long k, int b) {
        addRule(var, p -> p.interval(var).refine(PcmInterval.mulKDiv(p.interval(a), k, p.interval(b))), a, b);
    }

    /** Drops formats whose physical width lies outside SAMPLE_BITS (and formats without a width). */
    private static boolean formatFromSampleBits(HwParams p) {
        PcmMask formats = p.mask(PcmParam.FORMAT);
        PcmInterval bits = p.interval(PcmParam.SAMPLE_BITS);
        PcmMask keep = PcmMask.none();
        for (int f = 0; f <= PcmFormat.LAST; f++) {
            if (!formats.test(f)) {
                continue;
            }
            int w = PcmFormat.physicalWidth(f);
            if (w <= 0 || w < bits.min || w > bits.max) {
                continue;
            }
            keep.set(f);
        }
        return formats.refine(keep);
    }

    /** SAMPLE_BITS spans the physical widths of the formats still allowed. */
    private static boolean sampleBitsFromFormat(HwParams p) {
        PcmMask formats = p.mask(PcmParam.FORMAT);
        PcmInterval t = PcmInterval.of(PcmInterval.UINT_MAX, 0);
        for (int f = 0; f <= PcmFormat.LAST; f++) {
            if (!formats.test(f)) {
                continue;
            }
            int w = PcmFormat.physicalWidth(f);
            if (w <= 0) {
                continue;
            }
            t.min = Math.min(t.min, w);
            t.max = Math.max(t.max, w);
        }
        t.integer = true;
        return p.interval(PcmParam.SAMPLE_BITS).refine(t);
    }

    /**
     * HW_REFINE (snd_pcm_hw_refine): resets the outputs, narrows every requested parameter against the
     * constraints, then runs the rules until nothing changes. Changed parameters are flagged in cmask; an
     * empty parameter fails with EINVAL. rmask is 0 afterwards.
     */
    void refine(HwParams p) {
        // Every parameter must be non-empty on input, requested or not.
        for (int k = PcmParam.FIRST_MASK; k <= PcmParam.LAST_MASK; k++) {
            if (p.mask(k).isEmpty()) {
                throw new SndException(Errno.EINVAL, PcmParam.name(k) + " is empty");
            }
        }
        for (int k = PcmParam.FIRST_INTERVAL; k <= PcmParam.LAST_INTERVAL; k++) {
            if (p.interval(k).isEmpty()) {
                throw new SndException(Errno.EINVAL, PcmParam.name(k) + " is empty");
            }
        }
        p.info = 0;
        p.fifoSize = 0;
        if ((p.rmask & (1 << PcmParam.SAMPLE_BITS)) != 0) {
            p.msbits = 0;
        }
        if ((p.rmask & (1 << PcmParam.RATE)) != 0) {
            p.rateNum = 0;
            p.rateDen = 0;
        }
        for (int k = PcmParam.FIRST_MASK; k <= PcmParam.LAST_MASK; k++) {
            if ((p.rmask & (1 << k)) != 0 && p.mask(k).refine(masks[k])) {
                p.cmask |= 1 << k;
            }
        }
        for (int k = PcmParam.FIRST_INTERVAL; k <= PcmParam.LAST_INTERVAL; k++) {
            if ((p.rmask & (1 << k)) != 0 && p.interval(k).refine(intervals[k])) {
                p.cmask |= 1 << k;
            }
        }
        applyRules(p);
        p.rmask = 0;
    }

    /**
     * The rule loop: a rule runs when one of its inputs changed after the rule last ran (stamps, as the kernel
     * orders them); requested parameters count as changed at the start.
     */
    private void applyRules(HwParams p) {
        int[] vstamps = new int[PcmParam.LAST_INTERVAL + 1];
        int[] rstamps = new int[rules.size()];
        for (int k = 0; k <= PcmParam.LAST_INTERVAL; k++) {
            vstamps[k] = (p.rmask & (1 << k)) != 0 ? 1 : 0;
        }
        int stamp = 2;
        boolean again;
        do {
            again = false;
            for (int r = 0; r < rules.size(); r++) {
                Rule rule = rules.get(r);
                boolean due = false;
                for (int d : rule.deps) {
                    if (vstamps[d] > rstamps[r]) {
                        due = true;
                        break;
                    }
                }
                if (!due) {
                    continue;
                }
                boolean changed = rule.fn.apply(p);
                if (changed) {
                    p.cmask |= 1 << rule.var;
                    vstamps[rule.var] = stamp;
                    again = true;
                }
                rstamps[r] = stamp++;
            }
        } while (again);
    }

    /**
     * HW_PARAMS' choice (snd_pcm_hw_params_choose): the first value of ACCESS, FORMAT, SUBFORMAT, CHANNELS,
     * RATE, PERIOD_TIME and TICK_TIME and the last BUFFER_SIZE, refining after each choice.
     */
    void choose(HwParams p) {
        int[] order = {PcmParam.ACCESS, PcmParam.FORMAT, PcmParam.SUBFORMAT, PcmParam.CHANNELS, PcmParam.RATE,
            PcmParam.PERIOD_TIME, PcmParam.BUFFER_SIZE, PcmParam.TICK_TIME};
        for (int v : order) {
            boolean changed;
            if (PcmParam.isMask(v)) {
                changed = p.mask(v).refineFirst();
            } else if (v == PcmParam.BUFFER_SIZE) {
                changed = p.interval(v).refineLast();
            } else {
                changed = p.interval(v).refineFirst();
            }
            if (changed) {
                p.cmask |= 1 << v;
                p.rmask |= 1 << v;
            }
            if (p.rmask != 0) {
                refine(p);
            }
        }
    }

    /**
     * Fills the outputs nobody asked for (fixup_unreferenced_params): msbits from a single format's significant
     * width (else a single SAMPLE_BITS), rate_num/den from a single RATE, fifo_size (0 for the loopback) and
     * the info word.
     */
    void fixupUnreferenced(HwParams p, long fifoSize) {
        if (p.msbits == 0) {
            PcmInterval i = p.interval(PcmParam.SAMPLE_BITS);
            if (i.isSingle()) {
                p.msbits = (int) i.value();
            }
            PcmMask f = p.mask(PcmParam.FORMAT);
            if (f.isSingle() && PcmFormat.of(f.min()) != null) {
                p.msbits = PcmFormat.of(f.min()).width();
            }
        }
        if (p.rateDen == 0) {
            PcmInterval i = p.interval(PcmParam.RATE);
            if (i.isSingle()) {
                p.rateNum = (int) i.value();
                p.rateDen = 1;
            }
        }
        if (p.fifoSize == 0) {
            p.fifoSize = fifoSize;
        }
        if (p.info == 0) {
            p.info = info;
        }
    }
}
