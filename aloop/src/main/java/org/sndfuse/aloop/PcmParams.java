package org.sndfuse.aloop;

import org.sndfuse.abi.pcm.ChannelInfo;
import org.sndfuse.abi.pcm.HwParams;
import org.sndfuse.abi.pcm.PcmAccess;
import org.sndfuse.abi.pcm.PcmFormat;
import org.sndfuse.abi.pcm.PcmParam;
import org.sndfuse.abi.pcm.PcmState;
import org.sndfuse.abi.pcm.SwParams;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

/**
 * The parameter requests of sound/core/pcm_native.c: HW_REFINE (snd_pcm_hw_refine), HW_PARAMS
 * (snd_pcm_hw_params), HW_FREE, SW_PARAMS (snd_pcm_sw_params), CHANNEL_INFO and TTSTAMP, against the
 * constraints the substream was opened with.
 *
 * <p>Lock: HW_REFINE runs under the card lock (the loopback's rules read the cable hardware); HW_PARAMS and
 * HW_FREE under the card and the cable lock; the rest under the cable lock. Each method asserts its locks.
 */
final class PcmParams {
    private final PcmSubstream s;
    private final PcmRuntime rt;
    private final LoopbackCable cable;
    private final LoopbackCard card;
    private final HwConstraints constraints;
    private final long fifoSize;

    PcmParams(PcmSubstream s, HwConstraints constraints, long fifoSize) {
        this.s = s;
        this.rt = s.rt;
        this.cable = s.cable;
        this.card = s.card;
        this.constraints = constraints;
        this.fifoSize = fifoSize;
    }

    /** See {@link HwConstraints#offerMmap()}. */
    void offerMmap() {
        card.assertLocked();
        constraints.offerMmap();
    }

    /** HW_REFINE: narrows a copy of {@code in} against the constraints; EINVAL if unsatisfiable. */
    HwParams refine(HwParams in) {
        card.assertLocked();
        HwParams p = in.copy();
        constraints.refine(p);
        constraints.fixupUnreferenced(p, fifoSize);
        return p;
    }

    /**
     * HW_PARAMS: refine with every parameter requested, choose one value each, fix the runtime, reset the
     * software parameters to their defaults and go to SETUP. Legal in OPEN, SETUP and PREPARED (EBADFD
     * otherwise); a failure leaves the substream in OPEN.
     */
    HwParams hwParams(HwParams in) {
        card.assertLocked();
        cable.assertLocked();
        if (rt.state != PcmState.OPEN && rt.state != PcmState.SETUP && rt.state != PcmState.PREPARED) {
            throw new SndException(Errno.EBADFD, "HW_PARAMS in state " + PcmState.name(rt.state));
        }
        requireUnmapped();
        HwParams p = in.copy();
        p.rmask = ~0;
        try {
            constraints.refine(p);
            constraints.choose(p);
            constraints.fixupUnreferenced(p, fifoSize);
            long frameBits = PcmFormat.physicalWidth((int) p.min(PcmParam.FORMAT)) * p.min(PcmParam.CHANNELS);
            if (frameBits % 8 != 0) {
                throw new SndException(Errno.EINVAL, "frames are not whole bytes");
            }
            rt.freeBuffer();
            rt.setBuffer(s.mmap.allocator().allocate(s, (int) (p.min(PcmParam.BUFFER_SIZE) * frameBits / 8)));
        } catch (SndException e) {
            // The hardware may be unusable now: the application must set parameters again.
            rt.state = PcmState.OPEN;
            cable.hwFree(s);
            rt.freeBuffer();
            throw e;
        }
        apply(p);
        return p;
    }

    private void apply(HwParams p) {
        rt.access = (int) p.min(PcmParam.ACCESS);
        rt.format = (int) p.min(PcmParam.FORMAT);
        rt.subformat = (int) p.min(PcmParam.SUBFORMAT);
        rt.channels = (int) p.min(PcmParam.CHANNELS);
        rt.rate = (int) p.min(PcmParam.RATE);
        rt.periodSize = p.min(PcmParam.PERIOD_SIZE);
        rt.periods = p.min(PcmParam.PERIODS);
        rt.bufferSize = p.min(PcmParam.BUFFER_SIZE);
        rt.info = p.info;
        rt.rateNum = p.rateNum;
        rt.rateDen = p.rateDen;
        rt.msbits = p.msbits;
        rt.noPeriodWakeup = (p.info & HwParams.INFO_NO_PERIOD_WAKEUP) != 0
                && (p.flags & HwParams.FLAG_NO_PERIOD_WAKEUP) != 0;
        rt.sampleBits = PcmFormat.physicalWidth(rt.format);
        rt.frameBits = rt.sampleBits * rt.channels;
        // The software parameters' defaults (snd_pcm_hw_params()).
        rt.tstampMode = SwParams.TSTAMP_NONE;
        rt.periodStep = 1;
        rt.availMin = rt.periodSize;
        rt.startThreshold = 1;
        rt.stopThreshold = rt.bufferSize;
        rt.silenceThreshold = 0;
        rt.silenceSize = 0;
        rt.boundary = PcmRuntime.boundaryFor(rt.bufferSize);
        rt.hwPtr = 0;
        rt.applPtr = 0;
        rt.timerResolution = PcmRuntime.timerResolution(rt.rate, rt.periodSize);
        rt.state = PcmState.SETUP;
    }

    /** snd_pcm_hw_params/snd_pcm_hw_free: EBADFD while a client maps the ring (substream->mmap_count). */
    private void requireUnmapped() {
        PcmDmaBuffer b = rt.dmaBuffer();
        if (b != null && b.mappedByClients()) {
            throw new SndException(Errno.EBADFD, "the buffer is mapped");
        }
    }

    /** HW_FREE: back to OPEN; legal in SETUP and PREPARED only (EBADFD). */
    void hwFree() {
        card.assertLocked();
        cable.assertLocked();
        if (rt.state != PcmState.SETUP && rt.state != PcmState.PREPARED) {
            throw new SndException(Errno.EBADFD, "HW_FREE in state " + PcmState.name(rt.state));
        }
        requireUnmapped();
        cable.hwFree(s);
        rt.freeBuffer();
        rt.state = PcmState.OPEN;
    }

    /**
     * SW_PARAMS: validates, stores and returns the parameters with the boundary filled in. EBADFD in OPEN;
     * while running, the new thresholds apply at once (EPIPE if they cause an xrun).
     */
    SwParams swParams(SwParams p) {
        cable.assertLocked();
        if (rt.state == PcmState.OPEN) {
            throw new SndException(Errno.EBADFD, "SW_PARAMS before HW_PARAMS");
        }
        boolean hasType = Integer.compareUnsigned(p.proto(), (2 << 16) | 12) >= 0;
        if (p.tstampMode() < 0 || p.tstampMode() > SwParams.TSTAMP_LAST) {
            throw new SndException(Errno.EINVAL, "tstamp_mode " + p.tstampMode());
        }
        if (hasType && Integer.compareUnsigned(p.tstampType(), SwParams.TSTAMP_TYPE_LAST) > 0) {
            throw new SndException(Errno.EINVAL, "tstamp_type " + p.tstampType());
        }
        if (p.availMin() == 0) {
            throw new SndException(Errno.EINVAL, "avail_min 0");
        }
        if (Long.compareUnsigned(p.silenceSize(), rt.boundary) >= 0) {
            if (p.silenceThreshold() != 0) {
                throw new SndException(Errno.EINVAL, "silence_threshold with fill-all silence_size");
            }
        } else {
            if (Long.compareUnsigned(p.silenceSize(), p.silenceThreshold()) > 0) {
                throw new SndException(Errno.EINVAL, "silence_size above silence_threshold");
            }
            if (Long.compareUnsigned(p.silenceThreshold(), rt.bufferSize) > 0) {
                throw new SndException(Errno.EINVAL, "silence_threshold above the buffer size");
            }
        }
        rt.tstampMode = p.tstampMode();
        if (hasType) {
            rt.tstampType = p.tstampType();
        }
        rt.periodStep = p.periodStep();
        rt.availMin = p.availMin();
        rt.startThreshold = p.startThreshold();
        rt.stopThreshold = p.stopThreshold();
        rt.silenceThreshold = p.silenceThreshold();
        rt.silenceSize = p.silenceSize();
        if (rt.running()) {
            if (rt.isPlayback() && rt.silenceSize != 0) {
                rt.playbackSilence(-1);
            }
            if (!s.lib.updateState()) {
                throw new SndException(Errno.EPIPE, "the new thresholds stopped the stream");
            }
        }
        return p.withBoundary(rt.boundary);
    }

    /** CHANNEL_INFO: where {@code channel}'s samples sit in the buffer, in bits; EBADFD in OPEN. */
    ChannelInfo channelInfo(int channel) {
        cable.assertLocked();
        if (rt.state == PcmState.OPEN) {
            throw new SndException(Errno.EBADFD, "CHANNEL_INFO before HW_PARAMS");
        }
        if (Integer.compareUnsigned(channel, rt.channels) >= 0) {
            throw new SndException(Errno.EINVAL, "no channel " + Integer.toUnsignedString(channel));
        }
        int width = rt.sampleBits;
        if (PcmAccess.isInterleaved(rt.access)) {
            return new ChannelInfo(channel, 0, channel * width, rt.channels * width);
        }
        long perChannel = (long) rt.bufferBytes() / rt.channels;
        return new ChannelInfo(channel, 0, (int) (channel * perChannel * 8), width);
    }

    /** TTSTAMP: the clock for timestamps (0 realtime, 1 monotonic, 2 monotonic raw); EINVAL otherwise. */
    void ttstamp(int type) {
        cable.assertLocked();
        if (type < 0 || type > SwParams.TSTAMP_TYPE_LAST) {
            throw new SndException(Errno.EINVAL, "timestamp type " + type);
        }
        rt.tstampType = type;
    }
}
