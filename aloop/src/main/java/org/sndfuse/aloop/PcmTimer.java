package org.sndfuse.aloop;

import org.sndfuse.abi.pcm.PcmStream;
import org.sndfuse.abi.timer.TimerId;
import org.sndfuse.timer.Timer;

/**
 * The PCM-class timer every substream registers (sound/core/pcm_timer.c; kernel-facts T7): class PCM, card 0,
 * device, subdevice = substream × 2 + stream, id "PCM", name "PCM Playback 0-0-0". It is slave hardware (no
 * PARAMS/START bounds), its resolution is the stream's period time once parameters are set (0 otherwise), and
 * it ticks once per period elapsed.
 */
public final class PcmTimer extends Timer {
    private volatile long resolution;

    PcmTimer(int card, int device, int substream, int stream) {
        super(new TimerId(TimerId.CLASS_PCM, TimerId.SCLASS_NONE, card, device, (substream << 1) | stream), "PCM",
                "PCM " + PcmStream.directionName(stream) + " " + card + "-" + device + "-" + substream);
    }

    void setResolution(long ns) {
        resolution = ns;
    }

    /** One period elapsed on the substream. */
    void periodElapsed() {
        interrupt(1);
    }

    @Override
    public long resolution() {
        return resolution;
    }

    @Override
    public long hwTicks() {
        return 1;
    }

    @Override
    public boolean isSlave() {
        return true;
    }

    @Override
    protected void hwStart(long sticks) {
        // Driven by the stream's periods: nothing to arm.
    }

    @Override
    protected void hwStop() {
    }
}
