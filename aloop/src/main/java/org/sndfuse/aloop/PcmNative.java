package org.sndfuse.aloop;

import java.util.function.BooleanSupplier;
import org.sndfuse.abi.pcm.HwParams;
import org.sndfuse.abi.pcm.PcmState;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

/**
 * The PCM core's state machine (sound/core/pcm_native.c: snd_pcm_prepare, _start, _drop, _drain, _pause,
 * _reset, _xrun, _resume and snd_pcm_stop): OPEN, SETUP, PREPARED, RUNNING, XRUN, DRAINING, PAUSED
 * (docs/kernel-facts.md "PCM core"). Every transition that needs the hardware goes through the
 * cable's trigger (loopback_trigger).
 *
 * <p>Lock: every method runs with the cable lock held (asserted); PREPARE also with the card lock, for the
 * cable hardware. The drain waits on the cable's condition like a transfer.
 */
final class PcmNative {
    private final PcmSubstream s;
    private final PcmRuntime rt;
    private final LoopbackCable cable;
    private final LoopbackCard card;

    PcmNative(PcmSubstream s) {
        this.s = s;
        this.rt = s.rt;
        this.cable = s.cable;
        this.card = s.card;
    }

    /**
     * snd_pcm_prepare(): a paused or suspended stream is stopped first; EBUSY while running, EBADFD in OPEN;
     * pointers go to 0 and a capture ring is filled with silence.
     */
    void prepare() {
        card.assertLocked();
        cable.assertLocked();
        if (rt.state == PcmState.PAUSED) {
            try {
                pause(false);
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
        cable.prepare(s);
        rt.hwPtr = 0;
        rt.hwPtrWrap = 0;
        rt.silenceStart = 0;
        rt.silenceFilled = 0;
        rt.applPtr = 0;
        if (rt.isPlayback() && rt.silenceSize != 0) {
            rt.playbackSilence(-1);
        }
        rt.state = PcmState.PREPARED;
        card.emit(cable, o -> o.prepared(s));
    }

    /** snd_pcm_reset(): appl_ptr := hw_ptr; legal in RUNNING, PREPARED, PAUSED, SUSPENDED (EBADFD otherwise). */
    void reset() {
        cable.assertLocked();
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
        LoopbackPcm dpcm = s.dpcm();
        rt.hwPtr = dpcm.pcmBufferSize == 0 ? 0 : dpcm.bufPos / rt.frameBytes();
        rt.hwPtrWrap = 0;
        rt.silenceStart = rt.hwPtr;
        rt.silenceFilled = 0;
        rt.applPtr = rt.hwPtr;
        rt.availMax = 0;
        if (rt.isPlayback() && rt.silenceSize != 0) {
            rt.playbackSilence(-1);
        }
    }

    /** snd_pcm_start(): PREPARED only (EBADFD); playback needs queued data (EPIPE) unless xruns are disabled. */
    void startLocked() {
        cable.assertLocked();
        if (rt.state != PcmState.PREPARED) {
            throw new SndException(Errno.EBADFD, "START in state " + PcmState.name(rt.state));
        }
        if (rt.isPlayback() && !playbackHasData()) {
            throw new SndException(Errno.EPIPE, "nothing to play");
        }
        try {
            cable.trigger(s, LoopbackCable.START);
        } catch (SndException e) {
            undoStart();
            throw e;
        }
        postStart(PcmState.RUNNING);
    }

    private void undoStart() {
        try {
            cable.trigger(s, LoopbackCable.STOP);
        } catch (SndException ignored) {
            // Already logged by the driver; the start's own error is what the caller sees.
        }
    }

    private void postStart(int newState) {
        rt.triggerNanos = s.lib.tstampNow();
        rt.state = newState;
        if (rt.isPlayback() && rt.silenceSize != 0) {
            rt.playbackSilence(-1);
        }
        card.emit(cable, o -> o.started(s));
    }

    private boolean playbackHasData() {
        if (Long.compareUnsigned(rt.stopThreshold, rt.boundary) >= 0) {
            return true;
        }
        return rt.playbackAvail() < rt.bufferSize;
    }

    /** snd_pcm_drop(): stops at once, discarding pending data; → SETUP. EBADFD in OPEN. */
    void drop() {
        cable.assertLocked();
        if (rt.state == PcmState.OPEN || rt.state == PcmState.DISCONNECTED) {
            throw new SndException(Errno.EBADFD, "DROP in state " + PcmState.name(rt.state));
        }
        if (rt.state == PcmState.PAUSED) {
            try {
                pause(false);
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
        cable.assertLocked();
        if (rt.running()) {
            try {
                cable.trigger(s, LoopbackCable.STOP);
            } catch (SndException ignored) {
                // The core ignores the driver's stop result.
            }
        }
        if (rt.state != newState) {
            rt.triggerNanos = s.lib.tstampNow();
            rt.state = newState;
        }
        s.lib.wake();
        if (newState == PcmState.XRUN) {
            String why = reason == null ? "xrun" : reason;
            card.emit(cable, o -> o.xrun(s, why));
        } else {
            card.emit(cable, o -> o.stopped(s, newState));
        }
    }

    /** snd_pcm_stop_xrun(): only a running stream goes to XRUN. */
    void stopXrun(String reason) {
        cable.assertLocked();
        if (rt.running()) {
            stopTo(PcmState.XRUN, reason);
        }
    }

    /** snd_pcm_xrun(): RUNNING → XRUN; XRUN stays; anything else EBADFD. */
    void xrun() {
        cable.assertLocked();
        if (rt.state == PcmState.XRUN) {
            return;
        }
        if (rt.state != PcmState.RUNNING) {
            throw new SndException(Errno.EBADFD, "XRUN in state " + PcmState.name(rt.state));
        }
        stopTo(PcmState.XRUN, "XRUN requested");
    }

    /**
     * snd_pcm_drain(): playback plays out what is queued then goes to SETUP (a prepared stream with data is
     * started first; an empty or xrun one goes straight to SETUP); capture stops, to DRAINING if data is left.
     * With {@code nonblock} the drain is only started and EAGAIN returned. A blocked drain ends with EINTR when
     * {@code interrupted}, or EIO (stream stopped) when nothing moves for the wait time (docs/kernel-facts.md
     * "PCM wait time").
     */
    void drain(boolean nonblock, BooleanSupplier interrupted) {
        cable.assertLocked();
        if (rt.state == PcmState.OPEN) {
            throw new SndException(Errno.EBADFD, "DRAIN in state OPEN");
        }
        if (rt.state == PcmState.PAUSED) {
            try {
                pause(false);
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
        PcmLib lib = s.lib;
        long timeout = lib.waitTimeoutNanos();
        long deadline = lib.deadline(timeout);
        long seen = lib.wakeups();
        while (rt.isPlayback() && rt.state == PcmState.DRAINING) {
            if (interrupted.getAsBoolean()) {
                throw new SndException(Errno.EINTR, "drain interrupted");
            }
            s.checkUsable();
            lib.awaitSlice();
            cable.syncPositions();
            if (lib.wakeups() != seen) {
                seen = lib.wakeups();
                deadline = lib.deadline(timeout);
            }
            if (rt.state == PcmState.DRAINING && card.clock().nanos() >= deadline) {
                card.log("playback drain timeout (DMA or IRQ trouble?)");
                stopTo(PcmState.SETUP, null);
                throw new SndException(Errno.EIO, "drain timed out");
            }
        }
    }

    /** snd_pcm_do_drain_init(). */
    private void drainInit() {
        if (rt.isPlayback()) {
            switch (rt.state) {
                case PcmState.PREPARED:
                    if (rt.playbackAvail() < rt.bufferSize) {
                        // The kernel ignores the driver's answer here and drains regardless.
                        try {
                            cable.trigger(s, LoopbackCable.START);
                        } catch (SndException e) {
                            undoStart();
                        }
                        postStart(PcmState.DRAINING);
                        card.emit(cable, o -> o.draining(s));
                    } else {
                        rt.state = PcmState.SETUP;
                        card.emit(cable, o -> o.stopped(s, PcmState.SETUP));
                    }
                    break;
                case PcmState.RUNNING:
                    rt.state = PcmState.DRAINING;
                    card.emit(cable, o -> o.draining(s));
                    break;
                case PcmState.XRUN:
                    rt.state = PcmState.SETUP;
                    card.emit(cable, o -> o.stopped(s, PcmState.SETUP));
                    break;
                default:
                    break;
            }
        } else if (rt.state == PcmState.RUNNING) {
            cable.syncPositions();
            stopTo(rt.captureAvail() > 0 ? PcmState.DRAINING : PcmState.SETUP, null);
        }
    }

    /** snd_pcm_pause(): push (RUNNING → PAUSED) or release (PAUSED → RUNNING); EBADFD in other states. */
    void pause(boolean push) {
        cable.assertLocked();
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
            cable.trigger(s, push ? LoopbackCable.PAUSE_PUSH : LoopbackCable.PAUSE_RELEASE);
        } catch (SndException e) {
            try {
                cable.trigger(s, push ? LoopbackCable.PAUSE_RELEASE : LoopbackCable.PAUSE_PUSH);
            } catch (SndException ignored) {
                // Keep the first error.
            }
            throw e;
        }
        rt.triggerNanos = s.lib.tstampNow();
        if (push) {
            rt.state = PcmState.PAUSED;
            s.lib.wake();
            card.emit(cable, o -> o.paused(s));
        } else {
            rt.state = PcmState.RUNNING;
            card.emit(cable, o -> o.resumed(s));
        }
    }

    /** snd_pcm_resume(): only a suspended stream resumes, and the emulated card never suspends: EBADFD. */
    void resume() {
        cable.assertLocked();
        if (rt.state != PcmState.SUSPENDED) {
            throw new SndException(Errno.EBADFD, "RESUME in state " + PcmState.name(rt.state));
        }
    }

    /**
     * The release's stop (snd_pcm_release_substream → snd_pcm_drop, then the driver's close): never fails.
     * A paused end that was disconnected never went through DROP: stop it in the driver now, so the cable does
     * not keep clocking an end that is gone.
     */
    void stopForRelease() {
        cable.assertLocked();
        if (rt.state != PcmState.OPEN && rt.state != PcmState.DISCONNECTED) {
            try {
                drop();
            } catch (SndException ignored) {
                // Closing must always succeed.
            }
        }
        if (((cable.running | cable.pause) & (1 << rt.stream)) != 0) {
            try {
                cable.trigger(s, LoopbackCable.STOP);
            } catch (SndException ignored) {
                // Closing must always succeed.
            }
        }
    }

    /** snd_pcm_stream disconnect: a running stream stops in the driver and the state becomes DISCONNECTED. */
    void disconnect() {
        cable.assertLocked();
        if (rt.running()) {
            try {
                cable.trigger(s, LoopbackCable.STOP);
            } catch (SndException ignored) {
                // Going away regardless.
            }
        }
        rt.state = PcmState.DISCONNECTED;
        s.lib.wake();
    }
}
