package org.sndfuse.aloop;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.sndfuse.abi.pcm.PcmAccess;
import org.sndfuse.abi.pcm.PcmState;
import org.sndfuse.abi.pcm.SwParams;
import org.sndfuse.concurrent.PollWaiter;
import org.sndfuse.concurrent.ReadyCallbacks;
import org.sndfuse.concurrent.WaitSlice;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

/**
 * The PCM core's data path (sound/core/pcm_lib.c): the transfer loop (__snd_pcm_lib_xfer) with its interleaved
 * and non-interleaved copies, wait_for_avail(), the hardware pointer update (snd_pcm_update_hw_ptr0 /
 * snd_pcm_update_state), wake-ups and the poll mask (snd_pcm_poll).
 *
 * <p>Lock: every method runs with the cable lock held (asserted); blocked waits release it while they sleep on
 * the cable's condition, one {@link WaitSlice} at a time.
 */
final class PcmLib {
    static final int POLLIN = 0x001, POLLOUT = 0x004, POLLERR = 0x008, POLLRDNORM = 0x040, POLLWRNORM = 0x100;
    private static final long NS_PER_SEC = 1_000_000_000L;

    private final PcmSubstream s;
    private final PcmRuntime rt;
    private final LoopbackCable cable;
    private final PollWaiter pollWaiter = new PollWaiter();
    /** Transfers and drains parked without a thread (PcmXfer, PcmDrainWait): run at the next wake-up. */
    private final ReadyCallbacks parkedWaiters = new ReadyCallbacks();
    /** Counts wake-ups: a waiter's timeout restarts whenever it moves. */
    private long wakeups;

    PcmLib(PcmSubstream s) {
        this.s = s;
        this.rt = s.rt;
        this.cable = s.cable;
    }

    /** Copies between the caller's buffers and the ring; offsets and counts in frames. */
    private interface FrameCopy {
        void copy(long ringFrame, long userFrame, long frames);
    }

    /**
     * __snd_pcm_lib_xfer(): EBADFD before HW_PARAMS, EINVAL when the call's layout does not match the access
     * (an interleaved call is allowed on any access with one channel); a null interleaved buffer plays silence
     * and is EINVAL for capture. Auto-starts capture on a large enough
     * read and playback once start_threshold frames are queued; waits for room or data unless {@code nonblock};
     * returns the frames moved, or throws if none moved. {@code size} is unsigned.
     */
    long transfer(long size, boolean interleaved, PcmUserBuffer[] bufs, boolean nonblock,
                  BooleanSupplier interrupted) {
        cable.assertLocked();
        if (rt.state == PcmState.OPEN) {
            throw new SndException(Errno.EBADFD, "no parameters set");
        }
        if (interleaved) {
            if (rt.access != PcmAccess.RW_INTERLEAVED && rt.channels > 1) {
                throw new SndException(Errno.EINVAL, "access is not RW_INTERLEAVED");
            }
        } else if (rt.access != PcmAccess.RW_NONINTERLEAVED) {
            throw new SndException(Errno.EINVAL, "access is not RW_NONINTERLEAVED");
        }
        if (interleaved && bufs[0] == null && !rt.isPlayback()) {
            throw new SndException(Errno.EINVAL, "no buffer to read into");
        }
        if (size == 0) {
            return 0;
        }
        FrameCopy io = interleaved ? interleavedCopy(bufs[0]) : nonInterleavedCopy(bufs);
        return xfer(size < 0 ? Long.MAX_VALUE : size, io, nonblock, interrupted);
    }

    private long xfer(long size, FrameCopy io, boolean nonblock, BooleanSupplier interrupted) {
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
                s.nat.startLocked();
            }
            long avail = rt.avail();
            while (size > 0) {
                if (avail == 0) {
                    if (!rt.isPlayback() && rt.state == PcmState.DRAINING) {
                        s.nat.stopTo(PcmState.SETUP, null);
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
                rt.setApplPtr(rt.addPtr(rt.applPtr, frames));
                size -= frames;
                xfer += frames;
                avail -= frames;
                if (rt.isPlayback() && rt.state == PcmState.PREPARED
                        && Long.compareUnsigned(rt.hwAvail(), rt.startThreshold) >= 0) {
                    s.nat.startLocked();
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
    }

    /** interleaved_copy(): whole frames at ring offset × frame bytes; a null playback buffer writes silence. */
    private FrameCopy interleavedCopy(PcmUserBuffer buf) {
        return (ring, user, n) -> {
            int fb = rt.frameBytes();
            if (buf == null) {
                rt.fillSilenceBytes((int) (ring * fb), (int) (n * fb));
            } else if (rt.isPlayback()) {
                buf.copyIn(user * fb, rt.buffer, (int) (ring * fb), (int) (n * fb));
            } else {
                buf.copyOut(user * fb, rt.buffer, (int) (ring * fb), (int) (n * fb));
            }
        };
    }

    /**
     * noninterleaved_copy(): channel c lives in its own region of buffer_size samples. A missing (null) channel
     * buffer plays silence, or is skipped on capture, as the kernel's NULL entry in the bufs array.
     */
    private FrameCopy nonInterleavedCopy(PcmUserBuffer[] bufs) {
        return (ring, user, n) -> {
            int sb = rt.sampleBits / 8;
            for (int c = 0; c < rt.channels; c++) {
                PcmUserBuffer b = c < bufs.length ? bufs[c] : null;
                int at = (int) (c * rt.bufferSize * sb + ring * sb);
                if (b == null) {
                    if (rt.isPlayback()) {
                        rt.fillSilenceBytes(at, (int) (n * sb));
                    }
                } else if (rt.isPlayback()) {
                    b.copyIn(user * sb, rt.buffer, at, (int) (n * sb));
                } else {
                    b.copyOut(user * sb, rt.buffer, at, (int) (n * sb));
                }
            }
        };
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
     * EBADFD when stopped, 0 when capture drains, EIO when no wake-up came for the wait time (docs/kernel-facts.md
     * "PCM wait time"). Like the kernel it only re-reads avail after a wake-up: the pointer moves at period
     * boundaries (and on explicit syncs), never because a waiter looked.
     */
    private long waitForAvail(BooleanSupplier interrupted) {
        long timeout = waitTimeoutNanos();
        long deadline = deadline(timeout);
        long seen = wakeups;
        while (true) {
            if (interrupted.getAsBoolean()) {
                throw new SndException(Errno.EINTR, "interrupted");
            }
            s.checkUsable();
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
            if (s.card.clock().nanos() >= deadline) {
                throw new SndException(Errno.EIO, (rt.isPlayback() ? "write" : "read")
                        + " timeout (DMA or IRQ trouble?)");
            }
        }
    }

    /** max(100 ms, 1.1 × buffer time), or forever without period wake-ups (docs/kernel-facts.md "PCM wait time"). */
    long waitTimeoutNanos() {
        return rt.noPeriodWakeup ? Long.MAX_VALUE
                : TimeUnit.MILLISECONDS.toNanos(Math.max(100, rt.bufferSize * 1100 / Math.max(1, rt.rate)));
    }

    long deadline(long timeout) {
        long now = s.card.clock().nanos();
        return timeout == Long.MAX_VALUE || now > Long.MAX_VALUE - timeout ? Long.MAX_VALUE : now + timeout;
    }

    long wakeups() {
        return wakeups;
    }

    /** One wait slice on the cable's condition (the lock is released meanwhile); EINTR if the thread is. */
    void awaitSlice() {
        cable.assertLocked();
        try {
            cable.changed.awaitNanos(WaitSlice.NANOS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SndException(Errno.EINTR, "interrupted");
        }
    }

    // ---- the driver side: the hardware pointer moved ----

    /** snd_pcm_update_hw_ptr0(): the hardware moved {@code frames}; stamp, silence, check xrun, wake. */
    void hwAdvance(long frames) {
        cable.assertLocked();
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
    boolean updateState() {
        cable.assertLocked();
        long avail = rt.avail();
        if (avail > rt.availMax) {
            rt.availMax = avail;
        }
        if (rt.state == PcmState.DRAINING) {
            if (avail >= rt.bufferSize) {
                s.nat.stopTo(PcmState.SETUP, null); // the drain is done: everything queued was played
                return false;
            }
        } else if (Long.compareUnsigned(avail, rt.stopThreshold) >= 0) {
            s.nat.stopTo(PcmState.XRUN, rt.isPlayback() ? "underrun" : "overrun");
            return false;
        }
        long want = rt.twake != 0 ? rt.twake : rt.availMin;
        if (avail >= want) {
            wake();
        }
        return true;
    }

    /**
     * wake_up(&runtime->sleep) and the poll queue: blocked transfers re-check, the poll waiter runs. Both go ahead
     * of what a period elapsed deferred before (fasync, observers): the kernel's wake-up only makes the sleeper
     * runnable, while here its work runs on this thread, so a waiting client's answer comes first.
     */
    void wake() {
        cable.assertLocked();
        wakeups++;
        cable.changed.signalAll();
        cable.deferUrgent(pollWaiter.take());
        cable.deferUrgent(parkedWaiters.take());
    }

    /** A parked transfer or drain waits for the next wake-up: {@code retry} runs once then, no lock held. */
    void parkUntilWake(Runnable retry) {
        cable.assertLocked();
        parkedWaiters.add(retry);
    }

    /** A parked transfer or drain gave up (interrupt, timeout): its retry is dropped. */
    void unpark(Runnable retry) {
        cable.assertLocked();
        parkedWaiters.remove(retry);
    }

    /** The timestamp clock chosen by TTSTAMP / SW_PARAMS (monotonic, or realtime for gettimeofday). */
    long tstampNow() {
        return tstampAt(s.card.clock().nanos());
    }

    /** A clock reading as this stream's timestamp type gives it (a group action stamps all members from one). */
    long tstampAt(long now) {
        return rt.tstampType == SwParams.TSTAMP_TYPE_GETTIMEOFDAY ? now + s.card.realtimeOffsetNanos() : now;
    }

    // ---- poll ----

    /**
     * snd_pcm_poll()'s mask, after a pointer update; a released or disconnected substream ({@code gone}) is
     * ready with POLLERR.
     */
    int poll(boolean gone) {
        cable.assertLocked();
        if (gone) {
            return readyBits() | POLLERR;
        }
        if (rt.running()) {
            cable.syncPositions();
        }
        return pollMask();
    }

    /** Registers {@code waiter} for the next wake-up when nothing is ready; returns what to run after unlocking. */
    Runnable registerPoll(int mask, Runnable waiter) {
        cable.assertLocked();
        return pollWaiter.register(mask, waiter);
    }

    private int readyBits() {
        return rt.isPlayback() ? POLLOUT | POLLWRNORM : POLLIN | POLLRDNORM;
    }

    /**
     * Ready once avail ≥ avail_min in PREPARED, RUNNING or PAUSED; capture DRAINING is readable (POLLERR once
     * empty); playback DRAINING reports nothing; other states report ready|POLLERR.
     */
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
}
