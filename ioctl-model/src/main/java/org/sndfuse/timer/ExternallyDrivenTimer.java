package org.sndfuse.timer;

import org.sndfuse.abi.timer.TimerId;

/**
 * A timer whose hardware is an outside event rather than a clock: a utimer's TRIGGER (snd_utimer_trigger()), a PCM
 * substream's period elapsed (snd_pcm_period_elapsed() calling snd_timer_interrupt()). There is nothing to arm or
 * cancel when instances start and stop; the source calls {@link #interrupt} itself, one hardware tick at a time
 * (hw.ticks = 1). The resolution is fixed (utimer) or follows the source (a PCM timer's period time).
 */
public abstract class ExternallyDrivenTimer extends Timer {
    private volatile long resolution;

    protected ExternallyDrivenTimer(TimerId id, String idString, String name, long resolution) {
        super(id, idString, name);
        this.resolution = resolution;
    }

    @Override
    public final long resolution() {
        return resolution;
    }

    /** A source whose period changes (a PCM stream's hw_params) reports it here; 0 when it has none. */
    protected final void setResolution(long ns) {
        resolution = ns;
    }

    @Override
    public final long hwTicks() {
        return 1;
    }

    @Override
    protected final void hwStart(long sticks) {
        // Nothing to arm: the outside events are the hardware.
    }

    @Override
    protected final void hwStop() {
    }
}
