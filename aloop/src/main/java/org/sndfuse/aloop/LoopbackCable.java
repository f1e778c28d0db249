package org.sndfuse.aloop;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.function.Supplier;
import org.sndfuse.concurrent.DeferringLock;
import org.sndfuse.abi.pcm.PcmAccess;
import org.sndfuse.abi.pcm.PcmFormat;
import org.sndfuse.abi.pcm.PcmInterval;
import org.sndfuse.abi.pcm.PcmMask;
import org.sndfuse.abi.pcm.PcmParam;
import org.sndfuse.abi.pcm.PcmState;
import org.sndfuse.abi.pcm.PcmStream;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

/**
 * A loopback cable (struct loopback_cable): the playback end on one device and the capture end on the other,
 * same subdevice number. It exists while either end is open; it moves both ends' positions (loopback_pos_update),
 * copying playback bytes into the capture ring, filling silence when only capture runs and discarding when only
 * playback runs.
 *
 * <p>Lock: {@link #lock} guards both ends' runtimes and driver state, {@code running}, {@code pause},
 * {@code valid} and {@link #streams} (both written only while the card lock is held too, so either lock
 * suffices to read them) and the deferred-action list; blocked transfers
 * wait on {@link #changed}. The cable hardware {@link #hw} is guarded by the card lock. Lock order: card lock,
 * then a cable lock, then timer monitors. Observer calls and poll wake-ups queued with {@link #defer} run after
 * every lock of the current thread is released.
 */
final class LoopbackCable {
    static final int START = 0, STOP = 1, PAUSE_PUSH = 2, PAUSE_RELEASE = 3;
    static final int VALID_BOTH = 3;

    final LoopbackCard card;
    /** 0: playback on device 0 → capture on device 1; 1: playback on device 1 → capture on device 0. */
    final int index;
    final int subdevice;
    private final DeferringLock lock;
    /** Signalled at every wake-up of either end (the kernel's runtime->sleep and tsleep). */
    final Condition changed;
    final LoopbackPcm[] streams = new LoopbackPcm[2];
    final CableTiming timing;
    /** Card-lock guarded: what both ends may still choose; narrowed by the first prepared end. */
    PcmHardware hw = PcmHardware.loopback();
    int valid;
    int running;
    int pause;

    LoopbackCable(LoopbackCard card, int index, int subdevice, String timerSource) {
        this.card = card;
        this.lock = new DeferringLock(card::runDeferred, new MappedPages());
        this.changed = lock.newCondition();
        this.index = index;
        this.subdevice = subdevice;
        this.timing = timerSource == null ? new SystemClockTiming(this, card.clock())
                : new SoundTimerTiming(this, timerSource);
    }

    /**
     * The lock's holding hooks: both ends' mapped status and control pages (PcmMmapPages) are read when the lock
     * is taken and written when it is let go, so every rule under the lock sees the appl_ptr a client stored and
     * a client sees every pointer and state the model set.
     */
    private final class MappedPages implements DeferringLock.Holding {
        @Override
        public void taken() {
            for (LoopbackPcm d : streams) {
                PcmMmapPages p = d == null ? null : d.runtime().pages;
                if (p != null) {
                    p.pull(d.runtime());
                }
            }
        }

        @Override
        public void lettingGo() {
            for (LoopbackPcm d : streams) {
                PcmMmapPages p = d == null ? null : d.runtime().pages;
                if (p != null) {
                    p.push(d.runtime());
                }
            }
        }
    }

    boolean timerMode() {
        return timing instanceof SoundTimerTiming;
    }

    /** The device whose controls describe this cable: the capture end's device. */
    int setupDevice() {
        return 1 - index;
    }

    LoopbackSetup setup() {
        return card.setup(setupDevice(), subdevice);
    }

    int rateShift() {
        return setup().rateShift();
    }

    /**
     * Runs {@code body} under the cable lock: the one lock/unlock wrapper of the model. The outermost unlock
     * hands queued actions to the card, which runs them once no lock is held.
     */
    <T> T locked(Supplier<T> body) {
        return lock.locked(body);
    }

    void locked(Runnable body) {
        lock.locked(body);
    }

    void assertLocked() {
        assert lock.isHeldByCurrentThread() : "cable lock not held";
    }

    boolean heldByCurrentThread() {
        return lock.isHeldByCurrentThread();
    }

    /** Queues an action to run without locks (cable lock held). */
    void defer(Runnable r) {
        assertLocked();
        lock.defer(r);
    }

    /** As {@link #defer}, ahead of the ordinary actions: a waiting client's wake-up (DeferringLock#deferUrgent). */
    void deferUrgent(Runnable r) {
        assertLocked();
        lock.deferUrgent(r);
    }

    /**
     * loopback_open()'s constraints on top of the core's: whole periods, and the cable's current hardware for
     * format, rate and channels — plus period bytes when a timer clocks the cable. The rules read {@link #hw}
     * at every refine (under the card lock), so an end opened first sees the other end's later narrowing.
     */
    HwConstraints openConstraints(PcmHardware opening, boolean mmap) {
        HwConstraints c = new HwConstraints(opening, mmap);
        c.setInteger(PcmParam.PERIODS);
        c.addRule(PcmParam.FORMAT, p -> p.mask(PcmParam.FORMAT).refine(PcmMask.ofBits(hw.formats)),
                PcmParam.FORMAT);
        c.addRule(PcmParam.RATE, p -> p.interval(PcmParam.RATE).refine(PcmInterval.of(hw.rateMin, hw.rateMax)),
                PcmParam.RATE);
        c.addRule(PcmParam.CHANNELS, p -> p.interval(PcmParam.CHANNELS)
                .refine(PcmInterval.of(hw.channelsMin, hw.channelsMax)), PcmParam.CHANNELS);
        if (timerMode()) {
            c.addRule(PcmParam.PERIOD_BYTES, p -> p.interval(PcmParam.PERIOD_BYTES)
                    .refine(PcmInterval.of(hw.periodBytesMin, hw.periodBytesMax)), PcmParam.PERIOD_BYTES);
        }
        return c;
    }

    boolean isEmpty() {
        card.assertLocked();
        return streams[0] == null && streams[1] == null;
    }

    // ---- driver operations, cable lock held ----

    /** loopback_trigger(). */
    void trigger(PcmSubstream s, int cmd) {
        assertLocked();
        LoopbackPcm d = s.dpcm();
        int bit = 1 << s.stream();
        boolean playback = s.stream() == PcmStream.PLAYBACK;
        if (cmd == START) {
            checkFormat(s.stream()); // fails before anything changes
        }
        try {
            switch (cmd) {
                case START:
                    d.lastNanos = card.clock().nanos();
                    d.pcmRateShift = 0;
                    d.drift = 0;
                    running |= bit;
                    pause &= ~bit;
                    timing.start(d);
                    break;
                case STOP:
                    running &= ~bit;
                    pause &= ~bit;
                    timing.stop(d);
                    break;
                case PAUSE_PUSH:
                    pause |= bit;
                    timing.stop(d);
                    break;
                case PAUSE_RELEASE:
                    d.lastNanos = card.clock().nanos();
                    pause &= ~bit;
                    timing.start(d);
                    break;
                default:
                    throw new SndException(Errno.EINVAL, "unknown trigger " + cmd);
            }
        } finally {
            if (playback) {
                card.emitControl(this, setupDevice(), subdevice, LoopbackControl.SLAVE_ACTIVE);
            }
        }
    }

    /**
     * loopback_check_format() at START: if both ends are prepared with different format, rate, channels or
     * interleaving, capture may not start (EIO) and a starting playback stops the capture into DRAINING. A
     * starting playback publishes its parameters to the "PCM Slave" controls.
     */
    private void checkFormat(int stream) {
        assertLocked();
        if (valid != VALID_BOTH) {
            if (stream == PcmStream.PLAYBACK) {
                publishSlave();
            }
            return;
        }
        PcmRuntime p = streams[0].runtime();
        PcmRuntime c = streams[1].runtime();
        boolean differ = p.format != c.format || p.rate != c.rate || p.channels != c.channels
                || PcmAccess.isInterleaved(p.access) != PcmAccess.isInterleaved(c.access);
        if (!differ) {
            return;
        }
        if (stream == PcmStream.CAPTURE) {
            throw new SndException(Errno.EIO, "capture parameters differ from the running playback");
        }
        streams[1].substream.nat.stopTo(PcmState.DRAINING, null);
        publishSlave();
    }

    private void publishSlave() {
        PcmRuntime p = streams[0].runtime();
        for (LoopbackControl c : setup().updateSlave(p.format, p.rate, p.channels, p.access)) {
            card.emitControl(this, setupDevice(), subdevice, c);
        }
    }

    /** loopback_prepare(): card and cable locks held. */
    void prepare(PcmSubstream s) {
        card.assertLocked();
        assertLocked();
        LoopbackPcm d = s.dpcm();
        PcmRuntime rt = s.runtime();
        timing.stopSync(d);
        int salign = PcmFormat.physicalWidth(rt.format) * rt.channels / 8;
        int bps = salign * rt.rate;
        if (bps <= 0 || salign <= 0) {
            throw new SndException(Errno.EINVAL, "no byte rate for this format");
        }
        d.bufPos = 0;
        d.pcmBufferSize = rt.bufferBytes();
        if (s.stream() == PcmStream.CAPTURE) {
            // The whole capture ring starts as silence.
            d.silentSize = d.pcmBufferSize;
            rt.fillSilence(0, rt.bufferSize);
        }
        d.irqFrames = 0;
        d.fracRem = 0;
        d.periodUpdatePending = false;
        d.bytesSinceReport = 0;
        d.pcmBps = bps;
        d.pcmSalign = salign;
        d.pcmPeriodSize = rt.periodBytes();
        int bit = 1 << s.stream();
        if ((valid & ~bit) == 0 || (setup().notifyEnabled() && s.stream() == PcmStream.PLAYBACK)) {
            paramsChange(rt);
        }
        valid |= bit;
    }

    /** Narrows the cable hardware to this end's parameters, so the other end must match (card lock held). */
    private void paramsChange(PcmRuntime rt) {
        card.assertLocked();
        assertLocked();
        PcmHardware h = hw.copy();
        h.formats = PcmHardware.bit(rt.format);
        h.rateMin = rt.rate;
        h.rateMax = rt.rate;
        h.channelsMin = rt.channels;
        h.channelsMax = rt.channels;
        if (timerMode()) {
            h.periodBytesMin = rt.periodBytes();
            h.periodBytesMax = h.periodBytesMin;
        }
        hw = h;
    }

    /** loopback_hw_free(): this end no longer counts as prepared (card and cable locks held). */
    void hwFree(PcmSubstream s) {
        card.assertLocked();
        assertLocked();
        valid &= ~(1 << s.stream());
    }

    /** Brings positions up to now (the driver's pointer callback). */
    void syncPositions() {
        assertLocked();
        timing.posUpdate();
    }

    // ---- data movement, cable lock held ----

    /**
     * Copies {@code bytes} from the playback ring at its position to the capture ring at its position. While
     * playback drains, only what was written is copied and the rest of the chunk becomes capture silence.
     */
    void copyPlayBuf(LoopbackPcm play, LoopbackPcm capt, int bytes) {
        assertLocked();
        PcmRuntime pr = play.runtime();
        PcmRuntime cr = capt.runtime();
        int clear = 0;
        if (pr.state == PcmState.DRAINING && pr.hwAvail() < pr.bufferSize) {
            long queued = Math.max(0, pr.bufferSize - pr.playbackAvail());
            long have = queued * play.pcmSalign;
            if (have < bytes) {
                clear = (int) (bytes - have);
                bytes = (int) have;
            }
        }
        int srcOff = play.bufPos;
        int dstOff = capt.bufPos;
        int left = bytes;
        while (left > 0) {
            int size = Math.min(left, Math.min(play.pcmBufferSize - srcOff, capt.pcmBufferSize - dstOff));
            if (PcmAccess.isInterleaved(pr.access) || pr.channels == 1) {
                cr.buffer.put(dstOff, pr.buffer, srcOff, size);
            } else {
                copyNonInterleaved(pr, cr, srcOff, dstOff, size);
            }
            capt.silentSize = 0;
            left -= size;
            srcOff = (srcOff + size) % play.pcmBufferSize;
            dstOff = (dstOff + size) % capt.pcmBufferSize;
        }
        if (clear > 0) {
            // The kernel clears from the capture position and so overwrites what it just copied; sndfuse puts
            // the silence after the copied bytes, keeping the captured stream byte-exact.
            clearCaptureBuf(capt, clear, (capt.bufPos + bytes) % capt.pcmBufferSize);
            capt.silentSize = 0;
        }
    }

    /** Per-channel copy: each channel has its own region of buffer_bytes / channels. */
    private static void copyNonInterleaved(PcmRuntime pr, PcmRuntime cr, int srcOff, int dstOff, int size) {
        int ch = pr.channels;
        int perChannel = size / ch;
        int srcCh = srcOff / ch;
        int dstCh = dstOff / ch;
        int srcRegion = pr.bufferBytes() / ch;
        int dstRegion = cr.bufferBytes() / ch;
        for (int i = 0; i < ch; i++) {
            cr.buffer.put(dstRegion * i + dstCh, pr.buffer, srcRegion * i + srcCh, perChannel);
        }
    }

    /** Fills capture silence at the capture position; at most one ring's worth since the last real copy. */
    void clearCaptureBuf(LoopbackPcm capt, int bytes) {
        clearCaptureBuf(capt, bytes, capt.bufPos);
    }

    private void clearCaptureBuf(LoopbackPcm capt, int bytes, int dstOff) {
        assertLocked();
        if (capt.silentSize >= capt.pcmBufferSize) {
            return;
        }
        if (capt.silentSize + bytes > capt.pcmBufferSize) {
            bytes = capt.pcmBufferSize - capt.silentSize;
        }
        PcmRuntime cr = capt.runtime();
        int fb = cr.frameBytes();
        while (bytes > 0) {
            int size = Math.min(bytes, capt.pcmBufferSize - dstOff);
            cr.fillSilence(dstOff / fb, size / fb);
            capt.silentSize += size;
            bytes -= size;
            dstOff = 0;
        }
    }

    /**
     * Moves an end's ring position by {@code frames}; the core pointer follows while the end runs. When this
     * completes a period, observers hear of it first (as snd_pcm_period_elapsed() precedes the core's checks).
     */
    void finish(LoopbackPcm d, long frames, boolean periodElapsed) {
        assertLocked();
        if (frames <= 0) {
            return;
        }
        PcmRuntime rt = d.runtime();
        long bytes = frames * rt.frameBytes();
        d.bufPos = (int) ((d.bufPos + bytes) % d.pcmBufferSize);
        d.bytesSinceReport += bytes;
        boolean running = rt.running();
        if (periodElapsed) {
            defer(rt.fasync.kill()); // snd_pcm_period_elapsed() ends in kill_fasync, running or not
        }
        if (periodElapsed && running) {
            long reported = d.bytesSinceReport;
            d.bytesSinceReport = 0;
            card.emitPeriod(this, d.substream, reported, rt.addPtr(rt.hwPtr, frames));
        }
        if (running) {
            d.substream.lib.hwAdvance(frames);
        }
    }

    /** Wakes every waiter on either end (a timer came or went). */
    void signalAll() {
        assertLocked();
        changed.signalAll();
    }

    // ---- timer mode, called by SoundTimerTiming without locks ----

    /**
     * One tick of the cable's timer (kernel-facts A3/A4): check the resolution against the period time, then
     * move exactly one period of the running ends, whatever the tick count.
     */
    void timerTick(long resolution) {
        locked(() -> {
            int run = running ^ pause;
            LoopbackPcm play = (run & 1) != 0 ? streams[0] : null;
            LoopbackPcm capt = (run & 2) != 0 ? streams[1] : null;
            if (play == null && capt == null) {
                return;
            }
            PcmRuntime vr = play != null ? play.runtime() : capt.runtime();
            if (resolution != vr.timerResolution) {
                String msg = ((SoundTimerTiming) timing).resolutionMessage(vr, resolution);
                card.log(msg);
                if (play != null) {
                    play.substream.nat.stopXrun(msg);
                }
                if (capt != null) {
                    capt.substream.nat.stopXrun(msg);
                }
                return;
            }
            moveOnePeriod(play, capt, vr);
        });
    }

    /** loopback_snd_timer_period_elapsed()'s move: exactly one period of each running end (A4). */
    private void moveOnePeriod(LoopbackPcm play, LoopbackPcm capt, PcmRuntime vr) {
        assertLocked();
        int bytes = vr.periodBytes();
        long frames = vr.periodSize;
        if (play != null && capt != null) {
            copyPlayBuf(play, capt, bytes);
            finish(play, frames, true);
            finish(capt, frames, true);
        } else if (play != null) {
            finish(play, frames, true);
        } else {
            clearCaptureBuf(capt, bytes);
            finish(capt, frames, true);
        }
    }
}
