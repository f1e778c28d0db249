package org.sndfuse.aloop;

import org.sndfuse.abi.pcm.PcmState;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

/**
 * A blocking DRAIN (snd_pcm_drain) that waits without a thread (docs/fuse-transport.md, "The low-level
 * transport"): the drain starts at once, as a non-blocking one; then each {@link #step} looks for a playback
 * member of the caller's group still DRAINING and, if there is one, registers a one-shot retry for that member's
 * next wake-up (its period elapsing, its stop when the drain completes, a release or disconnect). An interrupt
 * ends it with EINTR; no wake-up for the wait time stops the group with EIO, as the blocking drain.
 *
 * <p>Lock: the card lock to find the member, then that member's cable lock; the transport claims the request so
 * that only one thread steps it at a time.
 */
public final class PcmDrainWait {
    private final PcmSubstream s;
    private PcmSubstream member;
    private Runnable armed;
    private long deadline = Long.MAX_VALUE;

    private PcmDrainWait(PcmSubstream s) {
        this.s = s;
    }

    /** snd_pcm_drain() up to its wait: the state checks and the drain start of the stream or its group. */
    static PcmDrainWait start(PcmSubstream s) {
        try {
            PcmGroup.drain(s, true, () -> false);
        } catch (SndException e) {
            if (e.errno() != Errno.EAGAIN) {
                throw e;
            }
        }
        return new PcmDrainWait(s);
    }

    /**
     * True when no playback member of the group drains any more; false when it waits ({@code retry} then runs once
     * at that member's next wake-up, no lock held). EBADF/ENODEV when the caller's substream went away.
     */
    public boolean step(Runnable retry) {
        while (true) {
            PcmSubstream t = s.card.locked(() -> PcmGroup.drainingPlayback(s));
            if (t == null) {
                return true;
            }
            Boolean parked = t.cable.locked(() -> {
                s.checkUsable();
                if (t.rt.state != PcmState.DRAINING || t.isReleased()) {
                    return null; // it stopped meanwhile: look again
                }
                member = t;
                armed = retry;
                deadline = t.lib.deadline(t.lib.waitTimeoutNanos());
                t.lib.parkUntilWake(retry);
                return Boolean.TRUE;
            });
            if (parked != null) {
                return false;
            }
        }
    }

    /** Nanoseconds the wait may last without a wake-up of the draining member; 0 once it has timed out. */
    public long remainingNanos() {
        PcmSubstream t = member;
        if (t == null) {
            return Long.MAX_VALUE;
        }
        return t.cable.locked(() -> {
            if (t.rt.state != PcmState.DRAINING) {
                return t.lib.waitTimeoutNanos(); // the retry is on its way
            }
            t.cable.syncPositions();
            if (t.rt.state != PcmState.DRAINING) {
                return t.lib.waitTimeoutNanos();
            }
            return deadline == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, deadline - t.card.clock().nanos());
        });
    }

    /**
     * The wait ends with {@code errno}: EINTR (interrupt), EBADF, ENODEV, or EIO on timeout, which first stops the
     * group as the blocking drain does. Always throws.
     */
    public void end(int errno) {
        PcmSubstream t = member;
        if (t != null) {
            t.cable.locked(() -> {
                t.lib.unpark(armed);
            });
        }
        if (errno == Errno.EIO) {
            s.card.log("playback drain timeout (DMA or IRQ trouble?)");
            PcmGroup.stopAfterDrainTimeout(s);
        }
        throw new SndException(errno, "drain ended");
    }
}
