package org.sndfuse.aloop;

import org.sndfuse.abi.pcm.PcmAccess;
import org.sndfuse.abi.pcm.PcmFormat;

/**
 * The per-(subdevice, device) control state of the card (struct loopback_setup): notify, rate shift and the
 * "slave" values last seen from the playback end. Both ends of a cable share one setup: the one indexed by the
 * capture end's device.
 *
 * <p>Lock: the private {@code lock}, a leaf (nothing else is taken while it is held).
 */
final class LoopbackSetup {
    static final int NO_PITCH = 100000;

    private final Object lock = new Object();
    private boolean notify;
    private int rateShift = NO_PITCH;
    private int format = PcmFormat.S16_LE;
    private int rate = 48000;
    private int access = PcmAccess.RW_INTERLEAVED;
    private int channels = 2;

    LoopbackSetup(boolean notify) {
        this.notify = notify;
    }

    boolean notifyEnabled() {
        synchronized (lock) {
            return notify;
        }
    }

    boolean setNotify(boolean v) {
        synchronized (lock) {
            boolean changed = v != notify;
            notify = v;
            return changed;
        }
    }

    int rateShift() {
        synchronized (lock) {
            return rateShift;
        }
    }

    /** The control's put: clamps to 80000..120000; true if the value changed. */
    boolean setRateShift(long v) {
        synchronized (lock) {
            int c = (int) Math.max(80000, Math.min(120000, v));
            boolean changed = c != rateShift;
            rateShift = c;
            return changed;
        }
    }

    int format() {
        synchronized (lock) {
            return format;
        }
    }

    int rate() {
        synchronized (lock) {
            return rate;
        }
    }

    int access() {
        synchronized (lock) {
            return access;
        }
    }

    int channels() {
        synchronized (lock) {
            return channels;
        }
    }

    /** Records the playback end's parameters; returns the controls whose value changed. */
    java.util.List<LoopbackControl> updateSlave(int f, int r, int ch, int acc) {
        synchronized (lock) {
            java.util.List<LoopbackControl> changed = new java.util.ArrayList<>();
            if (format != f) {
                format = f;
                changed.add(LoopbackControl.SLAVE_FORMAT);
            }
            if (rate != r) {
                rate = r;
                changed.add(LoopbackControl.SLAVE_RATE);
            }
            if (channels != ch) {
                channels = ch;
                changed.add(LoopbackControl.SLAVE_CHANNELS);
            }
            if (PcmAccess.isInterleaved(access) != PcmAccess.isInterleaved(acc)) {
                access = acc;
                changed.add(LoopbackControl.SLAVE_ACCESS);
            }
            return changed;
        }
    }
}
