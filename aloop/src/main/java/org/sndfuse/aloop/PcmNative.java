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
     * snd_pcm_prepare() of an unlinked stream: a paused or suspended stream is stopped first, then the
     * pre/do/post steps below ({@link PcmGroup} runs them over a linked group).
     */
    void prepare() {
        card.assertLocked();
        cable.assertLocked();
        stopBeforePrepare();
        prePrepare();
        doPrepare();
        postPrepare();
    }

    /** snd_pcm_prepare()'s first step: PAUSED is released then stopped, SUSPENDED stopped (errors ignored). */
    void stopBeforePrepare() {
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
    }

    /** snd_pcm_pre_prepare(): EBADFD in OPEN or DISCONNECTED, EBUSY while running. */
    void prePrepare() {
        cable.assertLocked();
        if (rt.state == PcmState.OPEN || rt.state == PcmState.DISCONNECTED) {
            throw new SndException(Errno.EBADFD, "PREPARE in state " + PcmState.name(rt.state));
        }
        if (rt.running()) {
            throw new SndException(Errno.EBUSY, "PREPARE while running");
        }
    }

    /** snd_pcm_do_prepare(): the driver's prepare, then pointers to 0 and a playback ring silenced. */
    void doPrepare() {
        card.assertLocked();
        cable.assertLocked();
        cable.prepare(s);
        rt.hwPtr = 0;
        rt.hwPtrWrap = 0;
        rt.silenceStart = 0;
        rt.silenceFilled = 0;
        rt.applPtr = 0;
        if (rt.isPlayback() && rt.silenceSize != 0) {
            rt.playbackSilence(-1);
        }
    }

    /** snd_pcm_post_prepare(). */
    void postPrepare() {
        cable.assertLocked();
        rt.state = PcmState.PREPARED;
        card.emit(cable, o -> o.prepared(s));
    }

    /** snd_pcm_reset() of an unlinked stream. */
    void reset() {
        preReset();
        doReset();
    }

    /** snd_pcm_pre_reset(): legal in RUNNING, PREPARED, PAUSED, SUSPENDED (EBADFD otherwise). */
    void preReset() {
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
    }

    /** snd_pcm_do_reset() and _post_reset(): appl_ptr := hw_ptr. */
    void doReset() {
        cable.assertLocked();
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

    /**
     * snd_pcm_start() as the transfer path calls it (the stream lock only): this stream starts now; when it is
     * linked, its group's other members follow right after the cable lock is released, with the same trigger
     * timestamp (docs/kernel-facts.md "Linked streams").
     */
    void startLocked() {
        preStart();
        try {
            doStart();
        } catch (SndException e) {
            undoStart();
            throw e;
        }
        long now = card.clock().nanos();
        postStart(PcmState.RUNNING, now);
        PcmGroup.startOthersLater(s, now);
    }

    /** snd_pcm_pre_start(): PREPARED only (EBADFD); playback needs queued data (EPIPE) unless xruns are disabled. */
    void preStart() {
        cable.assertLocked();
        if (rt.state != PcmState.PREPARED) {
            throw new SndException(Errno.EBADFD, "START in state " + PcmState.name(rt.state));
        }
        if (rt.isPlayback() && !playbackHasData()) {
            throw new SndException(Errno.EPIPE, "nothing to play");
        }
    }

    /** snd_pcm_do_start(). */
    void doStart() {
        cable.trigger(s, LoopbackCable.START);
    }

    /** snd_pcm_undo_start(). */
    void undoStart() {
        try {
            cable.trigger(s, LoopbackCable.STOP);
        } catch (SndException ignored) {
            // Already logged by the driver; the start's own error is what the caller sees.
        }
    }

    /** snd_pcm_post_start(): the trigger timestamp from the clock reading {@code clockNanos}, the new state. */
    void postStart(int newState, long clockNanos) {
        cable.assertLocked();
        rt.triggerNanos = s.lib.tstampAt(clockNanos);
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

    /** snd_pcm_drop() of an unlinked stream: stops at once, discarding pending data; → SETUP. EBADFD in OPEN. */
    void drop() {
        cable.assertLocked();
        checkDroppable();
        if (rt.state == PcmState.PAUSED) {
            try {
                pause(false);
            } catch (SndException ignored) {
                // Stop anyway.
            }
        }
        stopTo(PcmState.SETUP, null);
    }

    /** snd_pcm_drop()'s own check: EBADFD in OPEN or DISCONNECTED. */
    void checkDroppable() {
        cable.assertLocked();
        if (rt.state == PcmState.OPEN || rt.state == PcmState.DISCONNECTED) {
            throw new SndException(Errno.EBADFD, "DROP in state " + PcmState.name(rt.state));
        }
    }

    /**
     * snd_pcm_stop() as the stream's own clock and transfers call it (the stream lock only): stops this stream;
     * an XRUN of a linked stream reaches the rest of its group right after the cable lock is released
     * (docs/kernel-facts.md "Linked streams"). {@code reason} is reported to observers for XRUN.
     */
    void stopTo(int newState, String reason) {
        cable.assertLocked();
        stopMember(newState, reason, card.clock().nanos());
        if (newState == PcmState.XRUN) {
            PcmGroup.xrunOthersLater(s);
        }
    }

    /** snd_pcm_pre_stop(): EBADFD in OPEN. */
    void preStop() {
        cable.assertLocked();
        if (rt.state == PcmState.OPEN) {
            throw new SndException(Errno.EBADFD, "STOP in state OPEN");
        }
    }

    /**
     * snd_pcm_do_stop() and _post_stop(): the driver stops if the stream was running; the state changes (stamping
     * the trigger time from {@code clockNanos}) and every waiter wakes.
     */
    void stopMember(int newState, String reason, long clockNanos) {
        cable.assertLocked();
        if (rt.running()) {
            try {
                cable.trigger(s, LoopbackCable.STOP);
            } catch (SndException ignored) {
                // The core ignores the driver's stop result.
            }
        }
        if (rt.state != newState) {
            rt.triggerNanos = s.lib.tstampAt(clockNanos);
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

    /** snd_pcm_xrun()'s check: true when already in XRUN; RUNNING may go on; anything else EBADFD. */
    boolean alreadyXrun() {
        cable.assertLocked();
        if (rt.state == PcmState.XRUN) {
            return true;
        }
        if (rt.state != PcmState.RUNNING) {
            throw new SndException(Errno.EBADFD, "XRUN in state " + PcmState.name(rt.state));
        }
        return false;
    }

    /** snd_pcm_xrun() of an unlinked stream: RUNNING → XRUN; XRUN stays; anything else EBADFD. */
    void xrun() {
        if (!alreadyXrun()) {
            stopTo(PcmState.XRUN, "XRUN requested");
        }
    }

    /**
     * snd_pcm_drain() of an unlinked stream: playback plays out what is queued then goes to SETUP (a prepared
     * stream with data is started first; an empty or xrun one goes straight to SETUP); capture stops, to DRAINING
     * if data is left. With {@code nonblock} the drain is only started and EAGAIN returned. A blocked drain ends
     * with EINTR when {@code interrupted}, or EIO (stream stopped) when nothing moves for the wait time
     * (docs/kernel-facts.md "PCM wait time").
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
        preDrainInit();
        drainInit(card.clock().nanos());
        if (nonblock) {
            throw new SndException(Errno.EAGAIN, "drain started");
        }
        waitDrained(s, interrupted);
    }

    /** snd_pcm_pre_drain_init(): EBADFD in OPEN, DISCONNECTED, SUSPENDED. */
    void preDrainInit() {
        cable.assertLocked();
        if (rt.state == PcmState.OPEN || rt.state == PcmState.DISCONNECTED || rt.state == PcmState.SUSPENDED) {
            throw new SndException(Errno.EBADFD, "DRAIN in state " + PcmState.name(rt.state));
        }
    }

    /**
     * Waits while this playback stream drains, for the drain request of {@code caller} (this stream or one linked
     * to it): EINTR when interrupted, the caller's EBADF/ENODEV when it goes away, EIO after the wait time without
     * progress (this stream is then stopped). Returns at once for capture or when this stream was closed.
     */
    void waitDrained(PcmSubstream caller, BooleanSupplier interrupted) {
        cable.assertLocked();
        PcmLib lib = s.lib;
        long timeout = lib.waitTimeoutNanos();
        long deadline = lib.deadline(timeout);
        long seen = lib.wakeups();
        while (rt.isPlayback() && rt.state == PcmState.DRAINING && !s.isReleased()) {
            if (interrupted.getAsBoolean()) {
                throw new SndException(Errno.EINTR, "drain interrupted");
            }
            caller.checkUsable();
            lib.awaitSlice();
            cable.syncPositions();
            if (lib.wakeups() != seen) {
                seen = lib.wakeups();
                deadline = lib.deadline(timeout);
            }
            if (rt.state == PcmState.DRAINING && card.clock().nanos() >= deadline) {
                card.log("playback drain timeout (DMA or IRQ trouble?)");
                stopMember(PcmState.SETUP, null, card.clock().nanos());
                throw new SndException(Errno.EIO, "drain timed out");
            }
        }
    }

    /** snd_pcm_do_drain_init(); {@code clockNanos} stamps a playback that starts here. */
    void drainInit(long clockNanos) {
        cable.assertLocked();
        if (rt.isPlayback()) {
            switch (rt.state) {
                case PcmState.PREPARED:
                    if (rt.playbackAvail() < rt.bufferSize) {
                        // The kernel ignores the driver's answer here and drains regardless.
                        try {
                            doStart();
                        } catch (SndException e) {
                            undoStart();
                        }
                        postStart(PcmState.DRAINING, clockNanos);
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
            stopMember(rt.captureAvail() > 0 ? PcmState.DRAINING : PcmState.SETUP, null, clockNanos);
        }
    }

    /** snd_pcm_pause() of an unlinked stream: push (RUNNING → PAUSED) or release (PAUSED → RUNNING). */
    void pause(boolean push) {
        prePause(push);
        try {
            doPause(push);
        } catch (SndException e) {
            undoPause(push);
            throw e;
        }
        postPause(push, card.clock().nanos());
    }

    /** snd_pcm_pre_pause(): ENOSYS without SNDRV_PCM_INFO_PAUSE, then EBADFD unless RUNNING (push) / PAUSED. */
    void prePause(boolean push) {
        cable.assertLocked();
        if ((rt.info & HwParams.INFO_PAUSE) == 0) {
            throw new SndException(Errno.ENOSYS, "no pause support");
        }
        if (push ? rt.state != PcmState.RUNNING : rt.state != PcmState.PAUSED) {
            throw new SndException(Errno.EBADFD, "PAUSE " + (push ? 1 : 0) + " in state " + PcmState.name(rt.state));
        }
    }

    /** snd_pcm_do_pause(): a push first brings the position up to now, so it freezes where the stream was. */
    void doPause(boolean push) {
        cable.assertLocked();
        if (push) {
            cable.syncPositions();
        }
        cable.trigger(s, push ? LoopbackCable.PAUSE_PUSH : LoopbackCable.PAUSE_RELEASE);
    }

    /** snd_pcm_undo_pause(). */
    void undoPause(boolean push) {
        try {
            cable.trigger(s, push ? LoopbackCable.PAUSE_RELEASE : LoopbackCable.PAUSE_PUSH);
        } catch (SndException ignored) {
            // Keep the first error.
        }
    }

    /** snd_pcm_post_pause(). */
    void postPause(boolean push, long clockNanos) {
        cable.assertLocked();
        rt.triggerNanos = s.lib.tstampAt(clockNanos);
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
