package org.sndfuse.aloop;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.sndfuse.abi.pcm.ChannelInfo;
import org.sndfuse.abi.pcm.HwParams;
import org.sndfuse.abi.pcm.MmapControl;
import org.sndfuse.abi.pcm.MmapStatus;
import org.sndfuse.abi.pcm.PcmAccess;
import org.sndfuse.abi.pcm.PcmFormat;
import org.sndfuse.abi.pcm.PcmInfo;
import org.sndfuse.abi.pcm.PcmInterval;
import org.sndfuse.abi.pcm.PcmIoctl;
import org.sndfuse.abi.pcm.PcmMask;
import org.sndfuse.abi.pcm.PcmParam;
import org.sndfuse.abi.pcm.PcmState;
import org.sndfuse.abi.pcm.PcmStatus;
import org.sndfuse.abi.pcm.PcmStream;
import org.sndfuse.abi.pcm.SwParams;
import org.sndfuse.abi.pcm.SyncPtr;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

/**
 * One open PCM substream of the loopback card: what a file descriptor on {@code pcmC0D<d>p|c} holds. It runs
 * the PCM core's state machine (spec pcm-aloop.md §2: OPEN, SETUP, PREPARED, RUNNING, XRUN, DRAINING, PAUSED),
 * the pointer arithmetic and the read/write paths; the {@link LoopbackCable} it belongs to moves the hardware
 * pointer.
 *
 * <p>Lock: all state lives under the cable's lock (one lock for both ends, as data crosses between them);
 * parameter setup (HW_REFINE/HW_PARAMS/HW_FREE/PREPARE) also takes the card lock first, for the cable
 * hardware. Blocking calls wait on the cable's condition in slices of at most 50 ms, checking the caller's
 * {@code interrupted} supplier (EINTR, or the partial count) and {@link #disconnect()} (ENODEV) each time, and
 * give up with EIO after the kernel's timeout measured on the card's clock.
 */
public final class PcmSubstream {
    public static final int POLLIN = 0x001, POLLOUT = 0x004, POLLERR = 0x008, POLLRDNORM = 0x040,
            POLLWRNORM = 0x100;
    /** SNDRV_PCM_AUDIO_TSTAMP_TYPE_*: what STATUS_EXT may request. */
    public static final int AUDIO_TSTAMP_COMPAT = 0, AUDIO_TSTAMP_DEFAULT = 1;
    static final long WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long NS_PER_SEC = 1_000_000_000L;

    private final LoopbackCard card;
    private final LoopbackCable cable;
    private final int device;
    private final int stream;
    private final int number;
    private final int pid;
    private final String owner;
    private final PcmRuntime rt;
    private final LoopbackPcm dpcm;
    private final HwConstraints constraints;
    private final long fifoSize;

    // Guarded by the cable lock.
    private int userPversion;
    private volatile boolean released;
    private volatile boolean disconnected;
    private long wakeups;
    private Runnable pollWaiter;

    PcmSubstream(LoopbackCard card, LoopbackCable cable, int device, int stream, int number, int pid, String owner,
                 PcmHardware hw, boolean mmap) {
        this.card = card;
        this.cable = cable;
        this.device = device;
        this.stream = stream;
        this.number = number;
        this.pid = pid;
        this.owner = owner;
        this.rt = new PcmRuntime(stream);
        this.dpcm = new LoopbackPcm(this);
        this.fifoSize = hw.fifoSize;
        this.constraints = new HwConstraints(hw, mmap);
        // snd-aloop's own constraints (loopback_open): whole periods, and the cable's current hardware for
        // format, rate, channels — plus period bytes when a timer clocks the cable.
        constraints.setInteger(PcmParam.PERIODS);
        constraints.addRule(PcmParam.FORMAT, p -> p.mask(PcmParam.FORMAT)
                .refine(PcmMask.ofBits(cable.hw.formats)), PcmParam.FORMAT);
        constraints.addRule(PcmParam.RATE, p -> p.interval(PcmParam.RATE)
                .refine(PcmInterval.of(cable.hw.rateMin, cable.hw.rateMax)), PcmParam.RATE);
        constraints.addRule(PcmParam.CHANNELS, p -> p.interval(PcmParam.CHANNELS)
                .refine(PcmInterval.of(cable.hw.channelsMin, cable.hw.channelsMax)),
                PcmParam.CHANNELS);
        if (cable.timerMode()) {
            constraints.addRule(PcmParam.PERIOD_BYTES, p -> p.interval(PcmParam.PERIOD_BYTES)
                    .refine(PcmInterval.of(cable.hw.periodBytesMin, cable.hw.periodBytesMax)),
                    PcmParam.PERIOD_BYTES);
        }
    }

    // ---- identity ----

    public int device() {
        return device;
    }

    public int stream() {
        return stream;
    }

    public int subdevice() {
        return number;
    }

    public int pid() {
        return pid;
    }

    public String owner() {
        return owner;
    }

    /** 0 for playback dev0 / capture dev1, 1 for playback dev1 / capture dev0. */
    public int cableIndex() {
        return cable.index;
    }

    public LoopbackCard card() {
        return card;
    }

    public boolean isReleased() {
        return released;
    }

    PcmRuntime runtime() {
        return rt;
    }

    LoopbackPcm dpcm() {
        return dpcm;
    }

    LoopbackCable cable() {
        return cable;
    }

    // ---- snapshots for callers (taken under the cable lock) ----

    public int state() {
        cable.lock();
        try {
            return rt.state;
        } finally {
            cable.unlock();
        }
    }

    public long hwPtr() {
        cable.lock();
        try {
            return rt.hwPtr;
        } finally {
            cable.unlock();
        }
    }

    public long applPtr() {
        cable.lock();
        try {
            return rt.applPtr;
        } finally {
            cable.unlock();
        }
    }

    /** Bytes per frame once HW_PARAMS ran, else 0. */
    public int frameBytes() {
        cable.lock();
        try {
            return rt.state == PcmState.OPEN ? 0 : rt.frameBytes();
        } finally {
            cable.unlock();
        }
    }

    public long periodSize() {
        cable.lock();
        try {
            return rt.periodSize;
        } finally {
            cable.unlock();
        }
    }

    public long bufferSize() {
        cable.lock();
        try {
            return rt.bufferSize;
        } finally {
            cable.unlock();
        }
    }

    public int rate() {
        cable.lock();
        try {
            return rt.rate;
        } finally {
            cable.unlock();
        }
    }

    public int format() {
        cable.lock();
        try {
            return rt.format;
        } finally {
            cable.unlock();
        }
    }

    public int channels() {
        cable.lock();
        try {
            return rt.channels;
        } finally {
            cable.unlock();
        }
    }

    /** The period time in ns as the PCM core computes it (what a timer clocking this stream must tick at). */
    public long periodTimeNanos() {
        cable.lock();
        try {
            return rt.timerResolution;
        } finally {
            cable.unlock();
        }
    }

    // ---- identity ioctls ----

    /** INFO. */
    public PcmInfo info() {
        checkUsable();
        return card.pcmInfo(device, stream, number);
    }

    /** PVERSION: 2.0.15. */
    public int pversion() {
        return PcmIoctl.PROTOCOL_VERSION;
    }

    /** USER_PVERSION: the protocol the client speaks; stored only. */
    public void userPversion(int version) {
        cable.lock();
        try {
            checkUsable();
            userPversion = version;
        } finally {
            cable.unlock();
        }
    }

    public int userPversionValue() {
        cable.lock();
        try {
            return userPversion;
        } finally {
            cable.unlock();
        }
    }

    /** TSTAMP: obsolete, accepted and ignored. */
    public void tstamp(int mode) {
        checkUsable();
    }

    /** TTSTAMP: the clock for timestamps (0 realtime, 1 monotonic, 2 monotonic raw); EINVAL otherwise. */
    public void ttstamp(int type) {
        cable.lock();
        try {
            checkUsable();
            if (type < 0 || type > SwParams.TSTAMP_TYPE_LAST) {
                throw new SndException(Errno.EINVAL, "timestamp type " + type);
            }
            rt.tstampType = type;
        } finally {
            cable.unlock();
        }
    }

    // ---- parameters ----

    /** HW_REFINE: narrows a copy of {@code in} against this substream's constraints; EINVAL if unsatisfiable. */
    public HwParams hwRefine(HwParams in) {
        checkUsable();
        HwParams p = in.copy();
        card.lock();
        try {
            constraints.refine(p);
            constraints.fixupUnreferenced(p, fifoSize);
        } finally {
            card.unlock();
        }
        return p;
    }

    /**
     * HW_PARAMS: refine with every parameter requested, choose one value each, fix the runtime, reset the
     * software parameters to their defaults and go to SETUP (spec §1.4). Legal in OPEN, SETUP and PREPARED
     * (EBADFD otherwise); a failure leaves the substream in OPEN.
     */
    public HwParams hwParams(HwParams in) {
        card.lock();
        cable.lock();
        try {
            checkUsable();
            if (rt.state != PcmState.OPEN && rt.state != PcmState.SETUP && rt.state != PcmState.PREPARED) {
                throw new SndException(Errno.EBADFD, "HW_PARAMS in state " + PcmState.name(rt.state));
            }
            HwParams p = in.copy();
            p.rmask = ~0;
            try {
                constraints.refine(p);
                constraints.choose(p);
                constraints.fixupUnreferenced(p, fifoSize);
                if (PcmFormat.physicalWidth((int) p.min(PcmParam.FORMAT)) * p.min(PcmParam.CHANNELS) % 8 != 0) {
                    throw new SndException(Errno.EINVAL, "frames are not whole bytes");
                }
            } catch (SndException e) {
                // The hardware may be unusable now: the application must set parameters again.
                rt.state = PcmState.OPEN;
                cable.hwFree(this);
                rt.buffer = null;
                throw e;
            }
            applyHwParams(p);
            return p;
        } finally {
            cable.unlock();
            card.unlock();
        }
    }

    private void applyHwParams(HwParams p) {
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
        rt.buffer = new byte[rt.bufferBytes()];
        // Default software parameters (spec §1.4).
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

    /** HW_FREE: back to OPEN; legal in SETUP and PREPARED only (EBADFD). */
    public void hwFree() {
        card.lock();
        cable.lock();
        try {
            checkUsable();
            if (rt.state != PcmState.SETUP && rt.state != PcmState.PREPARED) {
                throw new SndException(Errno.EBADFD, "HW_FREE in state " + PcmState.name(rt.state));
            }
            cable.hwFree(this);
            rt.buffer = null;
            rt.state = PcmState.OPEN;
        } finally {
            cable.unlock();
            card.unlock();
        }
    }

    /**
     * SW_PARAMS (spec §1.4 table): validates, stores and returns the parameters with the boundary filled in.
     * EBADFD in OPEN; while running, the new thresholds apply at once (EPIPE if they cause an xrun).
     */
    public SwParams swParams(SwParams p) {
        cable.lock();
        try {
            checkUsable();
            if (rt.state == PcmState.OPEN) {
                throw new SndException(Errno.EBADFD, "SW_PARAMS before HW_PARAMS");
            }
            if (p.tstampMode() < 0 || p.tstampMode() > SwParams.TSTAMP_LAST) {
                throw new SndException(Errno.EINVAL, "tstamp_mode " + p.tstampMode());
            }
            if (Integer.compareUnsigned(p.proto(), (2 << 16) | 12) >= 0
                    && Integer.compareUnsigned(p.tstampType(), SwParams.TSTAMP_TYPE_LAST) > 0) {
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
            if (Integer.compareUnsigned(p.proto(), (2 << 16) | 12) >= 0) {
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
                if (!updateState()) {
                    throw new SndException(Errno.EPIPE, "the new thresholds stopped the stream");
                }
            }
            return p.withBoundary(rt.boundary);
        } finally {
            cable.unlock();
        }
    }

    /** CHANNEL_INFO: where {@code channel}'s samples sit in the buffer, in bits; EBADFD in OPEN. */
    public ChannelInfo channelInfo(int channel) {
        cable.lock();
        try {
            checkUsable();
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
        } finally {
            cable.unlock();
        }
    }

    // ---- status ----

    /**
     * STATUS ({@code request} null) or STATUS_EXT (the request's audio_tstamp_data selects the audio timestamp
     * type). Reading resets avail_max, as the kernel does.
     */
    public PcmStatus status(PcmStatus request) {
        cable.lock();
        try {
            checkUsable();
            return statusLocked(request == null ? 0 : request.audioTstampData());
        } finally {
            cable.unlock();
        }
    }

    PcmStatus statusLocked(int audioTstampData) {
        int requested = audioTstampData & 0xf;
        boolean reportValid = requested != AUDIO_TSTAMP_COMPAT;
        if (rt.state == PcmState.OPEN) {
            return new PcmStatus(rt.state, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, audioTstampData, 0, 0, 0, 0, 0);
        }
        long tstamp = 0;
        long audio = 0;
        long driver = 0;
        int data = audioTstampData;
        if (rt.running()) {
            cable.syncPositions();
            if (rt.tstampMode == SwParams.TSTAMP_ENABLE) {
                tstamp = rt.tstampNanos;
                driver = rt.tstampNanos;
                audio = rt.audioTstampNanos;
                if (reportValid) {
                    // accuracy_report 0, actual type DEFAULT, valid 1 in the upper half-word.
                    data = (data & 0xffff) | (((AUDIO_TSTAMP_DEFAULT << 1) | 1) << 16);
                }
            }
        } else if (rt.tstampMode == SwParams.TSTAMP_ENABLE) {
            tstamp = tstampNow();
        }
        long avail = rt.avail();
        long delay = rt.running() ? rt.delay() : 0;
        long availMax = rt.availMax;
        rt.availMax = 0;
        return new PcmStatus(rt.state, rt.triggerNanos / NS_PER_SEC, rt.triggerNanos % NS_PER_SEC,
                tstamp / NS_PER_SEC, tstamp % NS_PER_SEC, rt.applPtr, rt.hwPtr, delay, avail, availMax, 0, 0,
                data, audio / NS_PER_SEC, audio % NS_PER_SEC, driver / NS_PER_SEC, driver % NS_PER_SEC, 0);
    }

    /** DELAY: frames queued (playback) or readable (capture), after a hwsync. */
    public long delay() {
        cable.lock();
        try {
            checkUsable();
            hwsyncLocked();
            return rt.delay();
        } finally {
            cable.unlock();
        }
    }

    /** HWSYNC: brings the hardware pointer up to date; EPIPE in XRUN, EBADFD where no pointer moves. */
    public void hwsync() {
        cable.lock();
        try {
            checkUsable();
            hwsyncLocked();
        } finally {
            cable.unlock();
        }
    }

    private void hwsyncLocked() {
        switch (rt.state) {
            case PcmState.DRAINING:
                if (!rt.isPlayback()) {
                    throw new SndException(Errno.EBADFD, "capture is draining");
                }
                syncChecked();
                return;
            case PcmState.RUNNING:
                syncChecked();
                return;
            case PcmState.PREPARED:
            case PcmState.PAUSED:
                return;
            case PcmState.SUSPENDED:
                throw new SndException(Errno.ESTRPIPE, "suspended");
            case PcmState.XRUN:
                throw new SndException(Errno.EPIPE, "xrun");
            default:
                throw new SndException(Errno.EBADFD, "no pointer in state " + PcmState.name(rt.state));
        }
    }

    /** A pointer update that reports an xrun (or the end of a drain) it caused as EPIPE. */
    private void syncChecked() {
        int before = rt.state;
        cable.syncPositions();
        if (rt.state != before && (rt.state == PcmState.XRUN || rt.state == PcmState.SETUP)) {
            throw new SndException(Errno.EPIPE, "stream stopped during the pointer update");
        }
    }

    /**
     * SYNC_PTR (spec §1.2): optional hwsync; appl_ptr and avail_min are taken from the caller unless the APPL /
     * AVAIL_MIN flags ask to read them back; the status and control are returned.
     */
    public SyncPtr syncPtr(SyncPtr in) {
        cable.lock();
        try {
            checkUsable();
            if ((in.flags() & SyncPtr.FLAG_HWSYNC) != 0) {
                hwsyncLocked();
            }
            if ((in.flags() & SyncPtr.FLAG_APPL) == 0) {
                applyApplPtr(in.control().applPtr());
            }
            if ((in.flags() & SyncPtr.FLAG_AVAIL_MIN) == 0) {
                rt.availMin = in.control().availMin();
            }
            return new SyncPtr(in.flags(), mmapStatus(), new MmapControl(rt.applPtr, rt.availMin));
        } finally {
            cable.unlock();
        }
    }

    /** The status page's content. */
    public MmapStatus mmapStatus() {
        cable.lock();
        try {
            return new MmapStatus(rt.state, rt.hwPtr, rt.tstampNanos / NS_PER_SEC, rt.tstampNanos % NS_PER_SEC, 0,
                    rt.audioTstampNanos / NS_PER_SEC, rt.audioTstampNanos % NS_PER_SEC);
        } finally {
            cable.unlock();
        }
    }

    private void applyApplPtr(long appl) {
        if (appl == rt.applPtr) {
            return;
        }
        if (Long.compareUnsigned(appl, rt.boundary) >= 0) {
            throw new SndException(Errno.EINVAL, "appl_ptr beyond the boundary");
        }
        rt.applPtr = appl;
    }

    // ---- state changes ----

    /**
     * PREPARE: a paused or suspended stream is stopped first; EBUSY while running, EBADFD in OPEN; pointers go
     * to 0 and a capture ring is filled with silence.
     */
    public void prepare() {
        card.lock();
        cable.lock();
        try {
            checkUsable();
            if (rt.state == PcmState.PAUSED) {
                try {
                    pauseLocked(false);
                } catch (SndException ignored) {
                    // The kernel ignores a failed release here and stops anyway.
                }
                stopTo(PcmState.SETUP, null);
            } else if (rt.state == PcmState.SUSPENDED) {
                stopTo(PcmState.SETUP, null);
            }
            if (rt.state == PcmState.OPEN || rt.state == PcmState.DISCONNECTED) {
                throw new SndException(Errno.EBADFD, "PREPARE in state " + PcmState.name(rt.state));
            }
            if (rt.running()) {
                throw new SndException(Errno.EBUSY, "PREPARE while running");
            }
            cable.prepare(this);
            rt.hwPtr = 0;
            rt.hwPtrWrap = 0;
            rt.silenceStart = 0;
            rt.silenceFilled = 0;
            rt.applPtr = 0;
            if (rt.isPlayback() && rt.silenceSize != 0) {
                rt.playbackSilence(-1);
            }
            rt.state = PcmState.PREPARED;
            card.emit(cable, o -> o.prepared(this));
        } finally {
            cable.unlock();
            card.unlock();
        }
    }

    /** RESET: appl_ptr := hw_ptr; legal in RUNNING, PREPARED, PAUSED, SUSPENDED (EBADFD otherwise). */
    public void reset() {
        cable.lock();
        try {
            checkUsable();
            switch (rt.state) {
                case PcmState.RUNNING:
                case PcmState.PREPARED:
                case PcmState.PAUSED:
                case PcmState.SUSPENDED:
                    break;
                default:
                    throw new SndException(Errno.EBADFD, "RESET in state " + PcmState.name(rt.state));
            }
            if (rt.running()) {
                cable.syncPositions();
            }
            // The core restarts its pointer at the driver's position within the ring.
            rt.hwPtr = dpcm.pcmBufferSize == 0 ? 0 : dpcm.bufPos / rt.frameBytes();
            rt.hwPtrWrap = 0;
            rt.silenceStart = rt.hwPtr;
            rt.silenceFilled = 0;
            rt.applPtr = rt.hwPtr;
            rt.availMax = 0;
            if (rt.isPlayback() && rt.silenceSize != 0) {
                rt.playbackSilence(-1);
            }
        } finally {
            cable.unlock();
        }
    }

    /** START: PREPARED only (EBADFD); playback needs queued data (EPIPE) unless xruns are disabled. */
    public void start() {
        cable.lock();
        try {
            checkUsable();
            startLocked();
        } finally {
            cable.unlock();
        }
    }

    private void startLocked() {
        if (rt.state != PcmState.PREPARED) {
            throw new SndException(Errno.EBADFD, "START in state " + PcmState.name(rt.state));
        }
        if (rt.isPlayback() && !playbackHasData()) {
            throw new SndException(Errno.EPIPE, "nothing to play");
        }
        try {
            cable.trigger(this, LoopbackCable.START);
        } catch (SndException e) {
            undoStart();
            throw e;
        }
        postStart(PcmState.RUNNING);
    }

    private void undoStart() {
        try {
            cable.trigger(this, LoopbackCable.STOP);
        } catch (SndException ignored) {
            // Already logged by the driver; the start's own error is what the caller sees.
        }
    }

    private void postStart(int newState) {
        rt.triggerNanos = tstampNow();
        rt.state = newState;
        if (rt.isPlayback() && rt.silenceSize != 0) {
            rt.playbackSilence(-1);
        }
        card.emit(cable, o -> o.started(this));
    }

    private boolean playbackHasData() {
        if (Long.compareUnsigned(rt.stopThreshold, rt.boundary) >= 0) {
            return true;
        }
        return rt.playbackAvail() < rt.bufferSize;
    }

    /** DROP: stops at once, discarding pending data; → SETUP. EBADFD in OPEN. */
    public void drop() {
        cable.lock();
        try {
            checkUsable();
            dropLocked();
        } finally {
            cable.unlock();
        }
    }

    private void dropLocked() {
        if (rt.state == PcmState.OPEN || rt.state == PcmState.DISCONNECTED) {
            throw new SndException(Errno.EBADFD, "DROP in state " + PcmState.name(rt.state));
        }
        if (rt.state == PcmState.PAUSED) {
            try {
                pauseLocked(false);
            } catch (SndException ignored) {
                // Stop anyway.
            }
        }
        stopTo(PcmState.SETUP, null);
    }

    /**
     * snd_pcm_stop(): the driver stops if the stream was running; the state changes (stamping the trigger time)
     * and every waiter wakes. {@code reason} is reported to observers for XRUN.
     */
    void stopTo(int newState, String reason) {
        if (rt.running()) {
            try {
                cable.trigger(this, LoopbackCable.STOP);
            } catch (SndException ignored) {
                // The core ignores the driver's stop result.
            }
        }
        if (rt.state != newState) {
            rt.triggerNanos = tstampNow();
            rt.state = newState;
        }
        wake();
        if (newState == PcmState.XRUN) {
            String why = reason == null ? "xrun" : reason;
            card.emit(cable, o -> o.xrun(this, why));
        } else {
            card.emit(cable, o -> o.stopped(this, newState));
        }
    }

    /** snd_pcm_stop_xrun(): only a running stream goes to XRUN. */
    void stopXrun(String reason) {
        if (rt.running()) {
            stopTo(PcmState.XRUN, reason);
        }
    }

    /** XRUN: RUNNING → XRUN; XRUN stays; anything else EBADFD. */
    public void xrun() {
        cable.lock();
        try {
            checkUsable();
            if (rt.state == PcmState.XRUN) {
                return;
            }
            if (rt.state != PcmState.RUNNING) {
                throw new SndException(Errno.EBADFD, "XRUN in state " + PcmState.name(rt.state));
            }
            stopTo(PcmState.XRUN, "XRUN requested");
        } finally {
            cable.unlock();
        }
    }

    /**
     * DRAIN (spec §2): playback plays out what is queued then goes to SETUP (a prepared stream with data is
     * started first; an empty or xrun one goes straight to SETUP); capture stops, to DRAINING if data is left.
     * With {@code nonblock} the drain is only started and EAGAIN returned. A blocked drain ends with EINTR when
     * {@code interrupted}, or EIO (stream stopped) when nothing moves for max(100 ms, 1.1 × buffer time).
     */
    public void drain(boolean nonblock, BooleanSupplier interrupted) {
        cable.lock();
        try {
            checkUsable();
            if (rt.state == PcmState.OPEN) {
                throw new SndException(Errno.EBADFD, "DRAIN in state OPEN");
            }
            if (rt.state == PcmState.PAUSED) {
                try {
                    pauseLocked(false);
                } catch (SndException ignored) {
                    // Drain anyway.
                }
            }
            if (rt.state == PcmState.DISCONNECTED || rt.state == PcmState.SUSPENDED) {
                throw new SndException(Errno.EBADFD, "DRAIN in state " + PcmState.name(rt.state));
            }
            drainInit();
            if (nonblock) {
                throw new SndException(Errno.EAGAIN, "drain started");
            }
            long timeout = rt.noPeriodWakeup ? Long.MAX_VALUE
                    : TimeUnit.MILLISECONDS.toNanos(Math.max(100, rt.bufferSize * 1100 / Math.max(1, rt.rate)));
            long deadline = deadline(timeout);
            long seen = wakeups;
            while (rt.isPlayback() && rt.state == PcmState.DRAINING) {
                if (interrupted.getAsBoolean()) {
                    throw new SndException(Errno.EINTR, "drain interrupted");
                }
                checkUsable();
                awaitSlice();
                cable.syncPositions();
                if (wakeups != seen) {
                    seen = wakeups;
                    deadline = deadline(timeout);
                }
                if (rt.state == PcmState.DRAINING && card.clock().nanos() >= deadline) {
                    card.log("playback drain timeout (DMA or IRQ trouble?)");
                    stopTo(PcmState.SETUP, null);
                    throw new SndException(Errno.EIO, "drain timed out");
                }
            }
        } finally {
            cable.unlock();
        }
    }

    private void drainInit() {
        if (rt.isPlayback()) {
            switch (rt.state) {
                case PcmState.PREPARED:
                    if (rt.playbackAvail() < rt.bufferSize) {
                        // The kernel ignores the driver's answer here and drains regardless.
                        try {
                            cable.trigger(this, LoopbackCable.START);
                        } catch (SndException e) {
                            undoStart();
                        }
                        postStart(PcmState.DRAINING);
                        card.emit(cable, o -> o.draining(this));
                    } else {
                        rt.state = PcmState.SETUP;
                        card.emit(cable, o -> o.stopped(this, PcmState.SETUP));
                    }
                    break;
                case PcmState.RUNNING:
                    rt.state = PcmState.DRAINING;
                    card.emit(cable, o -> o.draining(this));
                    break;
                case PcmState.XRUN:
                    rt.state = PcmState.SETUP;
                    card.emit(cable, o -> o.stopped(this, PcmState.SETUP));
                    break;
                default:
                    break;
            }
        } else if (rt.state == PcmState.RUNNING) {
            cable.syncPositions();
            stopTo(rt.captureAvail() > 0 ? PcmState.DRAINING : PcmState.SETUP, null);
        }
    }

    /** The end of a playback drain: everything queued was played. */
    private void drainDone() {
        stopTo(PcmState.SETUP, null);
    }

    /** PAUSE: push (RUNNING → PAUSED) or release (PAUSED → RUNNING); EBADFD in other states. */
    public void pause(boolean push) {
        cable.lock();
        try {
            checkUsable();
            pauseLocked(push);
        } finally {
            cable.unlock();
        }
    }

    private void pauseLocked(boolean push) {
        if ((rt.info & HwParams.INFO_PAUSE) == 0) {
            throw new SndException(Errno.ENOSYS, "no pause support");
        }
        if (push ? rt.state != PcmState.RUNNING : rt.state != PcmState.PAUSED) {
            throw new SndException(Errno.EBADFD, "PAUSE " + (push ? 1 : 0) + " in state " + PcmState.name(rt.state));
        }
        if (push) {
            cable.syncPositions();
        }
        try {
            cable.trigger(this, push ? LoopbackCable.PAUSE_PUSH : LoopbackCable.PAUSE_RELEASE);
        } catch (SndException e) {
            try {
                cable.trigger(this, push ? LoopbackCable.PAUSE_RELEASE : LoopbackCable.PAUSE_PUSH);
            } catch (SndException ignored) {
                // Keep the first error.
            }
            throw e;
        }
        rt.triggerNanos = tstampNow();
        if (push) {
            rt.state = PcmState.PAUSED;
            wake();
            card.emit(cable, o -> o.paused(this));
        } else {
            rt.state = PcmState.RUNNING;
            card.emit(cable, o -> o.resumed(this));
        }
    }

    /** RESUME: only a suspended stream resumes, and the emulated card never suspends: EBADFD. */
    public void resume() {
        cable.lock();
        try {
            checkUsable();
            if (rt.state != PcmState.SUSPENDED) {
                throw new SndException(Errno.EBADFD, "RESUME in state " + PcmState.name(rt.state));
            }
        } finally {
            cable.unlock();
        }
    }

    /** REWIND: moves appl_ptr back by up to {@code frames} (unsigned); returns the frames moved. */
    public long rewind(long frames) {
        cable.lock();
        try {
            checkUsable();
            if (frames == 0) {
                return 0;
            }
            hwsyncLocked();
            long room = rt.hwAvail();
            if (room <= 0) {
                return 0;
            }
            long n = Long.compareUnsigned(frames, room) > 0 ? room : frames;
            rt.applPtr = rt.subPtr(rt.applPtr, n);
            return n;
        } finally {
            cable.unlock();
        }
    }

    /** FORWARD: moves appl_ptr on by up to {@code frames} (unsigned), at most avail; returns the frames moved. */
    public long forward(long frames) {
        cable.lock();
        try {
            checkUsable();
            if (frames == 0) {
                return 0;
            }
            hwsyncLocked();
            long room = rt.avail();
            if (room <= 0) {
                return 0;
            }
            long n = Long.compareUnsigned(frames, room) > 0 ? room : frames;
            rt.applPtr = rt.addPtr(rt.applPtr, n);
            return n;
        } finally {
            cable.unlock();
        }
    }

    // ---- data transfer ----

    /** Copies between the caller's data and the ring; offsets and counts in frames. */
    private interface FrameCopy {
        void copy(long ringFrame, long userFrame, long frames);
    }

    /** write(): interleaved whole frames only (EINVAL otherwise); returns the bytes taken. */
    public int write(byte[] data, boolean nonblock, BooleanSupplier interrupted) {
        int fb = requireBytesPerFrame(PcmStream.PLAYBACK);
        if (data.length % fb != 0) {
            throw new SndException(Errno.EINVAL, "write of a partial frame");
        }
        return (int) (transfer(data.length / fb, true, interleavedIn(data), nonblock, interrupted) * fb);
    }

    /** read(): up to {@code bytes} (whole frames only, EINVAL otherwise); returns what was read. */
    public byte[] read(int bytes, boolean nonblock, BooleanSupplier interrupted) {
        int fb = requireBytesPerFrame(PcmStream.CAPTURE);
        if (bytes % fb != 0) {
            throw new SndException(Errno.EINVAL, "read of a partial frame");
        }
        byte[] out = new byte[bytes];
        long n = transfer(bytes / fb, true, interleavedOut(out), nonblock, interrupted);
        return n * fb == bytes ? out : Arrays.copyOf(out, (int) (n * fb));
    }

    /** WRITEI_FRAMES: {@code data} holds whole interleaved frames; returns the frames written. */
    public long writeFrames(byte[] data, boolean nonblock, BooleanSupplier interrupted) {
        int fb = requireBytesPerFrame(PcmStream.PLAYBACK);
        if (data.length % fb != 0) {
            throw new SndException(Errno.EINVAL, "partial frame");
        }
        return transfer(data.length / fb, true, interleavedIn(data), nonblock, interrupted);
    }

    /** READI_FRAMES: returns up to {@code frames} interleaved frames. */
    public byte[] readFrames(long frames, boolean nonblock, BooleanSupplier interrupted) {
        int fb = requireBytesPerFrame(PcmStream.CAPTURE);
        if (frames < 0 || frames * fb > Integer.MAX_VALUE) {
            throw new SndException(Errno.EINVAL, "frame count");
        }
        byte[] out = new byte[(int) (frames * fb)];
        long n = transfer(frames, true, interleavedOut(out), nonblock, interrupted);
        return n == frames ? out : Arrays.copyOf(out, (int) (n * fb));
    }

    /** WRITEN_FRAMES: one array of samples per channel, equal lengths; returns the frames written. */
    public long writeFramesNonInterleaved(byte[][] channels, boolean nonblock, BooleanSupplier interrupted) {
        int sb = requireBytesPerSample(PcmStream.PLAYBACK);
        long frames = channels.length == 0 ? 0 : channels[0].length / sb;
        FrameCopy io = (ring, user, n) -> {
            for (int c = 0; c < channels.length; c++) {
                System.arraycopy(channels[c], (int) (user * sb), rt.buffer,
                        (int) (c * rt.bufferSize * sb + ring * sb), (int) (n * sb));
            }
        };
        return transfer(frames, false, io, nonblock, interrupted);
    }

    /** READN_FRAMES: up to {@code frames} frames, one array per channel. */
    public byte[][] readFramesNonInterleaved(long frames, boolean nonblock, BooleanSupplier interrupted) {
        int sb = requireBytesPerSample(PcmStream.CAPTURE);
        int ch = channels();
        byte[][] out = new byte[ch][(int) (frames * sb)];
        FrameCopy io = (ring, user, n) -> {
            for (int c = 0; c < ch; c++) {
                System.arraycopy(rt.buffer, (int) (c * rt.bufferSize * sb + ring * sb), out[c], (int) (user * sb),
                        (int) (n * sb));
            }
        };
        long n = transfer(frames, false, io, nonblock, interrupted);
        if (n != frames) {
            for (int c = 0; c < ch; c++) {
                out[c] = Arrays.copyOf(out[c], (int) (n * sb));
            }
        }
        return out;
    }

    private FrameCopy interleavedIn(byte[] data) {
        return (ring, user, n) -> {
            int fb = rt.frameBytes();
            System.arraycopy(data, (int) (user * fb), rt.buffer, (int) (ring * fb), (int) (n * fb));
        };
    }

    private FrameCopy interleavedOut(byte[] out) {
        return (ring, user, n) -> {
            int fb = rt.frameBytes();
            System.arraycopy(rt.buffer, (int) (ring * fb), out, (int) (user * fb), (int) (n * fb));
        };
    }

    /** The frame size for a transfer in {@code direction}: EINVAL for the wrong direction, EBADFD in OPEN. */
    private int requireBytesPerFrame(int direction) {
        cable.lock();
        try {
            checkUsable();
            if (stream != direction) {
                throw new SndException(Errno.EINVAL, "wrong direction for this substream");
            }
            if (rt.state == PcmState.OPEN || rt.state == PcmState.DISCONNECTED) {
                throw new SndException(Errno.EBADFD, "no parameters set");
            }
            return rt.frameBytes();
        } finally {
            cable.unlock();
        }
    }

    private int requireBytesPerSample(int direction) {
        requireBytesPerFrame(direction);
        cable.lock();
        try {
            return rt.sampleBits / 8;
        } finally {
            cable.unlock();
        }
    }

    /**
     * The PCM core's transfer loop (__snd_pcm_lib_xfer): auto-starts capture on a large enough read and
     * playback once start_threshold frames are queued; waits for room or data unless {@code nonblock}; returns
     * the frames moved, or throws if none moved.
     */
    private long transfer(long size, boolean interleavedCall, FrameCopy io, boolean nonblock,
                          BooleanSupplier interrupted) {
        cable.lock();
        try {
            checkUsable();
            if (rt.state == PcmState.OPEN) {
                throw new SndException(Errno.EBADFD, "no parameters set");
            }
            if (interleavedCall) {
                if (rt.access != PcmAccess.RW_INTERLEAVED && rt.channels > 1) {
                    throw new SndException(Errno.EINVAL, "access is not RW_INTERLEAVED");
                }
            } else if (rt.access != PcmAccess.RW_NONINTERLEAVED) {
                throw new SndException(Errno.EINVAL, "access is not RW_NONINTERLEAVED");
            }
            if (size == 0) {
                return 0;
            }
            accessibleState();
            rt.twake = rt.availMin != 0 ? rt.availMin : 1;
            long xfer = 0;
            SndException error = null;
            try {
                if (rt.state == PcmState.RUNNING) {
                    cable.syncPositions();
                }
                if (!rt.isPlayback() && rt.state == PcmState.PREPARED
                        && Long.compareUnsigned(size, rt.startThreshold) >= 0) {
                    startLocked();
                }
                long avail = rt.avail();
                while (size > 0) {
                    if (avail == 0) {
                        if (!rt.isPlayback() && rt.state == PcmState.DRAINING) {
                            stopTo(PcmState.SETUP, null);
                            break;
                        }
                        if (nonblock) {
                            throw new SndException(Errno.EAGAIN, "would block");
                        }
                        rt.twake = Math.min(size, rt.availMin != 0 ? rt.availMin : 1);
                        avail = waitForAvail(interrupted);
                        if (avail == 0) {
                            continue; // capture draining
                        }
                    }
                    long frames = Math.min(size, avail);
                    long ofs = rt.applPtr % rt.bufferSize;
                    frames = Math.min(frames, rt.bufferSize - ofs);
                    io.copy(ofs, xfer, frames);
                    accessibleState();
                    applyApplPtr(rt.addPtr(rt.applPtr, frames));
                    size -= frames;
                    xfer += frames;
                    avail -= frames;
                    if (rt.isPlayback() && rt.state == PcmState.PREPARED
                            && Long.compareUnsigned(rt.hwAvail(), rt.startThreshold) >= 0) {
                        startLocked();
                    }
                }
            } catch (SndException e) {
                error = e;
            }
            rt.twake = 0;
            if (xfer > 0 && error == null) {
                updateState();
            }
            if (xfer > 0) {
                return xfer;
            }
            if (error != null) {
                throw error;
            }
            return 0;
        } finally {
            cable.unlock();
        }
    }

    /** pcm_accessible_state(): data moves in PREPARED, RUNNING and PAUSED only. */
    private void accessibleState() {
        switch (rt.state) {
            case PcmState.PREPARED:
            case PcmState.RUNNING:
            case PcmState.PAUSED:
                return;
            case PcmState.XRUN:
                throw new SndException(Errno.EPIPE, "xrun");
            case PcmState.SUSPENDED:
                throw new SndException(Errno.ESTRPIPE, "suspended");
            case PcmState.DISCONNECTED:
                throw new SndException(Errno.ENODEV, "disconnected");
            default:
                throw new SndException(Errno.EBADFD, "no transfer in state " + PcmState.name(rt.state));
        }
    }

    /**
     * wait_for_avail(): sleeps until {@code twake} frames are available. EINTR when interrupted, EPIPE on xrun,
     * EBADFD when stopped, 0 when capture drains, EIO when no wake-up came for max(100 ms, 1.1 × buffer time)
     * (current kernels' wait time). Like the kernel it only re-reads avail after a wake-up: the pointer moves at
     * period boundaries (and on explicit syncs), never because a waiter looked.
     */
    private long waitForAvail(BooleanSupplier interrupted) {
        long timeout = rt.noPeriodWakeup ? Long.MAX_VALUE
                : TimeUnit.MILLISECONDS.toNanos(Math.max(100, rt.bufferSize * 1100 / Math.max(1, rt.rate)));
        long deadline = deadline(timeout);
        long seen = wakeups;
        while (true) {
            if (interrupted.getAsBoolean()) {
                throw new SndException(Errno.EINTR, "interrupted");
            }
            checkUsable();
            long avail = rt.avail();
            if (avail >= rt.twake) {
                return avail;
            }
            awaitSlice();
            if (wakeups != seen) {
                seen = wakeups;
                deadline = deadline(timeout);
            }
            switch (rt.state) {
                case PcmState.SUSPENDED:
                    throw new SndException(Errno.ESTRPIPE, "suspended");
                case PcmState.XRUN:
                    throw new SndException(Errno.EPIPE, "xrun");
                case PcmState.DRAINING:
                    if (rt.isPlayback()) {
                        throw new SndException(Errno.EPIPE, "draining");
                    }
                    return 0;
                case PcmState.OPEN:
                case PcmState.SETUP:
                    throw new SndException(Errno.EBADFD, "stream stopped");
                case PcmState.DISCONNECTED:
                    throw new SndException(Errno.ENODEV, "disconnected");
                case PcmState.PAUSED:
                    deadline = deadline(timeout); // a paused stream waits without a timeout
                    continue;
                default:
                    break;
            }
            if (card.clock().nanos() >= deadline) {
                throw new SndException(Errno.EIO, (rt.isPlayback() ? "write" : "read")
                        + " timeout (DMA or IRQ trouble?)");
            }
        }
    }

    private long deadline(long timeout) {
        long now = card.clock().nanos();
        return timeout == Long.MAX_VALUE || now > Long.MAX_VALUE - timeout ? Long.MAX_VALUE : now + timeout;
    }

    private void awaitSlice() {
        try {
            cable.changed.awaitNanos(WAIT_SLICE_NANOS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SndException(Errno.EINTR, "interrupted");
        }
    }

    // ---- driver side, cable lock held ----

    /** The hardware moved {@code frames} (the driver's pointer advanced): update, check xrun, wake. */
    void hwAdvance(long frames) {
        long old = rt.hwPtr;
        long n = old + frames;
        while (Long.compareUnsigned(n, rt.boundary) >= 0) {
            n -= rt.boundary;
            rt.hwPtrWrap += rt.boundary;
        }
        rt.hwPtr = n;
        if (rt.tstampMode == SwParams.TSTAMP_ENABLE) {
            rt.tstampNanos = tstampNow();
            long total = rt.hwPtrWrap + rt.hwPtr;
            rt.audioTstampNanos = total / rt.rate * NS_PER_SEC + total % rt.rate * NS_PER_SEC / rt.rate;
        }
        if (rt.isPlayback() && rt.silenceSize != 0) {
            rt.playbackSilence(old);
        }
        updateState();
    }

    /**
     * snd_pcm_update_state(): tracks avail_max, finishes a drain, detects xrun at stop_threshold, and wakes
     * waiters once enough is available. False if the stream stopped.
     */
    private boolean updateState() {
        long avail = rt.avail();
        if (avail > rt.availMax) {
            rt.availMax = avail;
        }
        if (rt.state == PcmState.DRAINING) {
            if (avail >= rt.bufferSize) {
                drainDone();
                return false;
            }
        } else if (Long.compareUnsigned(avail, rt.stopThreshold) >= 0) {
            stopTo(PcmState.XRUN, rt.isPlayback() ? "underrun" : "overrun");
            return false;
        }
        long want = rt.twake != 0 ? rt.twake : rt.availMin;
        if (avail >= want) {
            wake();
        }
        return true;
    }

    /** Wakes blocked transfers and the poll waiter. */
    private void wake() {
        wakeups++;
        cable.changed.signalAll();
        Runnable w = pollWaiter;
        pollWaiter = null;
        if (w != null) {
            cable.defer(w);
        }
    }

    private long tstampNow() {
        long now = card.clock().nanos();
        return rt.tstampType == SwParams.TSTAMP_TYPE_GETTIMEOFDAY ? now + card.realtimeOffsetNanos() : now;
    }

    // ---- poll, close, disconnect ----

    /**
     * poll(): POLLOUT|POLLWRNORM (playback) or POLLIN|POLLRDNORM (capture) once avail ≥ avail_min in PREPARED,
     * RUNNING or PAUSED; capture DRAINING is readable (POLLERR once empty); playback DRAINING reports nothing;
     * other states report ready|POLLERR. When nothing is ready and {@code waiter} is given, it runs once at the
     * next wake-up (replacing an earlier waiter, which then runs at once) — the contract of TimerUser.poll.
     */
    public int poll(Runnable waiter) {
        Runnable replaced = null;
        int mask;
        cable.lock();
        try {
            if (released || disconnected) {
                mask = readyBits() | POLLERR;
            } else {
                if (rt.running()) {
                    cable.syncPositions();
                }
                mask = pollMask();
            }
            if (waiter != null) {
                if (mask == 0) {
                    replaced = pollWaiter;
                    pollWaiter = waiter;
                } else {
                    replaced = waiter;
                }
            }
        } finally {
            cable.unlock();
        }
        if (replaced != null) {
            replaced.run();
        }
        return mask;
    }

    private int readyBits() {
        return rt.isPlayback() ? POLLOUT | POLLWRNORM : POLLIN | POLLRDNORM;
    }

    private int pollMask() {
        int ok = readyBits();
        long avail = rt.state == PcmState.OPEN ? 0 : rt.avail();
        switch (rt.state) {
            case PcmState.RUNNING:
            case PcmState.PREPARED:
            case PcmState.PAUSED:
                return avail >= rt.availMin ? ok : 0;
            case PcmState.DRAINING:
                if (!rt.isPlayback()) {
                    return avail == 0 ? ok | POLLERR : ok;
                }
                return 0;
            default:
                return ok | POLLERR;
        }
    }

    /**
     * The descriptor's release: drops the stream, frees its parameters and the substream; the cable goes when
     * both ends are closed. Works in any state and is idempotent.
     */
    public void close() {
        card.release(this);
    }

    /** Called by the card with the card and cable locks held. */
    void releaseLocked() {
        if (released) {
            return;
        }
        if (rt.state != PcmState.OPEN && rt.state != PcmState.DISCONNECTED) {
            try {
                dropLocked();
            } catch (SndException ignored) {
                // Closing must always succeed.
            }
        }
        int bit = 1 << stream;
        if (((cable.running | cable.pause) & bit) != 0) {
            // A paused end that was disconnected never went through DROP: stop it in the driver now, so the
            // cable does not keep clocking an end that is gone.
            try {
                cable.trigger(this, LoopbackCable.STOP);
            } catch (SndException ignored) {
                // Closing must always succeed.
            }
        }
        cable.hwFree(this);
        cable.timing.stopSync(dpcm);
        released = true;
        rt.buffer = null;
        wake();
        card.emit(cable, o -> o.closed(this));
    }

    /**
     * The card goes away (daemon shutdown): a running stream stops, the state becomes DISCONNECTED, blocked calls
     * end with ENODEV and every later call fails with ENODEV; close still works.
     */
    public void disconnect() {
        cable.lock();
        try {
            if (disconnected || released) {
                return;
            }
            if (rt.running()) {
                try {
                    cable.trigger(this, LoopbackCable.STOP);
                } catch (SndException ignored) {
                    // Going away regardless.
                }
            }
            disconnected = true;
            rt.state = PcmState.DISCONNECTED;
            wake();
        } finally {
            cable.unlock();
        }
    }

    private void checkUsable() {
        if (released) {
            throw new SndException(Errno.EBADF, "substream closed");
        }
        if (disconnected) {
            throw new SndException(Errno.ENODEV, "card disconnected");
        }
    }

    @Override
    public String toString() {
        return "pcmC" + LoopbackCard.CARD_INDEX + "D" + device + (stream == PcmStream.PLAYBACK ? "p" : "c") + "/sub"
                + number;
    }
}
