package org.sndfuse.aloop;

import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;
import org.sndfuse.abi.pcm.PcmState;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

/**
 * One blocking transfer (__snd_pcm_lib_xfer) that waits without a thread (docs/fuse-transport.md, "The low-level
 * transport"): each {@link #step} moves what it can now without blocking, keeping the partial progress as the
 * kernel's {@code xfer} count, and when more must wait registers a one-shot retry for the substream's next wake-up
 * (a period elapsed, the other end's trigger, a stop, xrun, disconnect or release). The wait's end by interrupt,
 * timeout, release or shutdown ({@link #end}) answers the frames moved if any, else the error, as
 * snd_pcm_lib_write1/read1 do.
 *
 * <p>Lock: every method takes the cable lock; the transport claims the request so that only one thread steps
 * it at a time.
 */
public final class PcmXfer {
    private static final BooleanSupplier NEVER = () -> false;

    private final PcmSubstream s;
    private final boolean interleaved;
    private final PcmUserBuffer[] bufs;
    private final int bytesPerFrame;
    /** Frames still to move (unsigned, as the kernel's size). */
    private long left;
    /** Frames moved so far (the kernel's xfer). */
    private long done;
    private boolean started;
    /** The last step parked: the next one follows a wake-up (wait_for_avail's state checks apply). */
    private boolean waited;
    private Runnable armed;
    private long deadline = Long.MAX_VALUE;

    PcmXfer(PcmSubstream s, boolean interleaved, PcmUserBuffer[] bufs, long frames, int bytesPerFrame) {
        this.s = s;
        this.interleaved = interleaved;
        this.bufs = bufs;
        this.left = frames;
        this.bytesPerFrame = bytesPerFrame;
    }

    /** The frame size read()/write() measure bytes by (0 for the ioctl transfers). */
    public int bytesPerFrame() {
        return bytesPerFrame;
    }

    /**
     * Moves what can move now: the frames moved in all when the transfer is over, or -1 when it waits (then
     * {@code retry} runs once at the substream's next wake-up, on the waking thread, no lock held). Throws the
     * transfer's error when it ends with nothing moved.
     */
    public long step(Runnable retry) {
        return s.cable.locked(() -> {
            try {
                s.checkUsable();
                if (waited && afterWake()) {
                    return done;
                }
                waited = false;
                while (left != 0 || !started) {
                    started = true;
                    long n;
                    try {
                        n = s.lib.transfer(left, interleaved, shifted(), true, NEVER);
                    } catch (SndException e) {
                        if (e.errno() != Errno.EAGAIN) {
                            throw e;
                        }
                        park(retry);
                        return -1L;
                    }
                    if (n == 0) {
                        break; // nothing asked, or a capture drain ended it
                    }
                    done += n;
                    left -= n;
                    if (left != 0 && s.rt.state != PcmState.DRAINING) {
                        // What was available moved; the rest waits for twake frames, as wait_for_avail() does.
                        // Looping here would chase the clock a few frames at a time, on the thread of whichever
                        // request woke this one (another client's SYNC_PTR, a TRIGGER).
                        park(retry);
                        return -1L;
                    }
                }
                return done;
            } catch (SndException e) {
                if (done > 0) {
                    return done;
                }
                throw e;
            }
        });
    }

    /**
     * The wait ends early with {@code errno} (EINTR, EIO on timeout, EBADF, ENODEV): the frames moved, or the
     * error when none did. The registered retry is dropped.
     */
    public long end(int errno) {
        return s.cable.locked(() -> {
            if (armed != null) {
                s.lib.unpark(armed);
                armed = null;
            }
            s.rt.twake = 0;
            if (done > 0) {
                return done;
            }
            throw new SndException(errno, errno == Errno.EIO ? (s.rt.isPlayback() ? "write" : "read")
                    + " timeout (DMA or IRQ trouble?)" : "transfer ended");
        });
    }

    /**
     * Nanoseconds the parked wait may last from now (wait_for_avail's max(100 ms, 1.1 × buffer time) since the
     * last wake-up; Long.MAX_VALUE without period wake-ups); 0 once it has timed out. A paused stream waits without
     * a timeout: the wait time starts again, to be asked once more later.
     */
    public long remainingNanos() {
        return s.cable.locked(() -> {
            if (s.rt.state == PcmState.PAUSED) {
                // wait_for_avail() sleeps a fresh wait time for as long as the stream stays paused
                deadline = s.lib.deadline(s.lib.waitTimeoutNanos());
                return s.lib.waitTimeoutNanos();
            }
            return deadline == Long.MAX_VALUE ? Long.MAX_VALUE
                    : Math.max(0, deadline - s.card.clock().nanos());
        });
    }

    private void park(Runnable retry) {
        s.cable.assertLocked();
        waited = true;
        armed = retry;
        long availMin = s.rt.availMin != 0 ? s.rt.availMin : 1;
        s.rt.twake = Long.compareUnsigned(left, availMin) < 0 ? left : availMin;
        deadline = s.lib.deadline(s.lib.waitTimeoutNanos());
        s.lib.parkUntilWake(retry);
    }

    /**
     * wait_for_avail()'s checks after a wake-up: true when a capture drain ends the transfer (the stream stops to
     * SETUP); throws for the states that end the wait with an error.
     */
    private boolean afterWake() {
        s.cable.assertLocked();
        switch (s.rt.state) {
            case PcmState.SUSPENDED:
                throw new SndException(Errno.ESTRPIPE, "suspended");
            case PcmState.XRUN:
                throw new SndException(Errno.EPIPE, "xrun");
            case PcmState.DRAINING:
                if (s.rt.isPlayback()) {
                    throw new SndException(Errno.EPIPE, "draining");
                }
                s.nat.stopTo(PcmState.SETUP, null);
                return true;
            case PcmState.OPEN:
            case PcmState.SETUP:
                throw new SndException(Errno.EBADFD, "stream stopped");
            case PcmState.DISCONNECTED:
                throw new SndException(Errno.ENODEV, "disconnected");
            default:
                return false;
        }
    }

    /** The caller's buffers advanced past what moved already (the kernel's offset by xfer). */
    private PcmUserBuffer[] shifted() {
        if (done == 0) {
            return bufs;
        }
        long by = done * (interleaved ? s.rt.frameBytes() : s.rt.sampleBits / 8);
        PcmUserBuffer[] out = new PcmUserBuffer[bufs.length];
        for (int i = 0; i < bufs.length; i++) {
            PcmUserBuffer b = bufs[i];
            out[i] = b == null ? null : new PcmUserBuffer() {
                @Override
                public void copyIn(long offset, ByteBuffer dst, int dstOff, int len) {
                    b.copyIn(by + offset, dst, dstOff, len);
                }

                @Override
                public void copyOut(long offset, ByteBuffer src, int srcOff, int len) {
                    b.copyOut(by + offset, src, srcOff, len);
                }
            };
        }
        return out;
    }
}
