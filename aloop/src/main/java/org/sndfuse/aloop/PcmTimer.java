package org.sndfuse.aloop;

import org.sndfuse.abi.pcm.PcmStream;
import org.sndfuse.abi.timer.TimerId;
import org.sndfuse.timer.ExternallyDrivenTimer;

/**
 * The PCM-class timer every substream registers (sound/core/pcm_timer.c; docs/kernel-facts.md T7, T12): class PCM,
 * card 0, device, subdevice = substream × 2 + stream, id "PCM", name "PCM Playback 0-0-0". It is slave hardware
 * (no PARAMS/START bounds), its resolution is the stream's period time once parameters are set (0 otherwise), and
 * it ticks once per period elapsed.
 */
public final class PcmTimer extends ExternallyDrivenTimer {
    PcmTimer(int card, int device, int substream, int stream) {
        super(new TimerId(TimerId.CLASS_PCM, TimerId.SCLASS_NONE, card, device, (substream << 1) | stream), "PCM",
                "PCM " + PcmStream.directionName(stream) + " " + card + "-" + device + "-" + substream, 0);
    }

    /** The stream's period time in ns (snd_pcm_timer_resolution_change()), 0 without parameters. */
    void setPeriodTime(long ns) {
        setResolution(ns);
    }

    /** One period elapsed on the substream: snd_pcm_period_elapsed() interrupts with one tick. */
    void periodElapsed() {
        interrupt(1);
    }

    @Override
    public boolean isSlave() {
        return true;
    }
}
