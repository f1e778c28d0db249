package org.sndfuse.aloop;

import org.sndfuse.abi.pcm.PcmAccess;
import org.sndfuse.abi.pcm.PcmFormat;

/**
 * The per-(subdevice, device) control state of the card (struct loopback_setup): notify, rate shift and the
 * "slave" values last seen from the playback end. Both ends of a cable share one setup: the one indexed by the
 * capture end's device.
 *
 * <p>Lock: its own monitor, a leaf (nothing else is taken while it is held).
 */
final class LoopbackSetup {
    static final int NO_PITCH = 100000;

    private boolean notify;
    private int rateShift = NO_PITCH;
    private int format = PcmFormat.S16_LE;
    private int rate = 48000;
    private int access = PcmAccess.RW_INTERLEAVED;
    private int channels = 2;

    LoopbackSetup(boolean notify) {
        this.notify = notify;
    }

    synchronized boolean notifyEnabled() {
        return notify;
    }

    synchronized boolean setNotify(boolean v) {
        boolean changed = v != notify;
        notify = v;
        return changed;
    }

    synchronized int rateShift() {
        return rateShift;
    }

    /** The control's put: clamps to 80000..120000; true if the value changed. */
    synchronized boolean setRateShift(long v) {
        int c = (int) Math.max(80000, Math.min(120000, v));
        boolean changed = c != rateShift;
        rateShift = c;
        return changed;
    }

    synchronized int format() {
        return format;
    }

    synchronized int rate() {
        return rate;
    }

    synchronized int access() {
        return access;
    }

    synchronized int channels() {
        return channels;
    }

    /** Records the playback end's parameters; returns the controls whose value changed. */
    synchronized java.util.List<LoopbackControl> updateSlave(int f, int r, int ch, int acc) {
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
