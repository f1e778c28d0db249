package org.sndfuse.timer;

import org.sndfuse.abi.timer.TimerId;
import org.sndfuse.clock.Clock;

/**
 * A global timer whose hardware is the injected clock: while any instance runs it fires every
 * {@code sticks × resolution} ns and reports the whole number of ticks that elapsed since the last report,
 * as the kernel's jiffies and hrtimer drivers do, so a late wake-up delivers the missed ticks at once.
 */
public class ClockDrivenTimer extends Timer {
    private final Clock clock;
    private final long resolution;
    private final long hwTicks;
    private final int maxInstances;
    // Guarded by the timer's monitor.
    private Clock.Scheduled pending;
    private long lastTick;
    private long generation;

    public ClockDrivenTimer(TimerId id, String idString, String name, Clock clock, long resolution, long hwTicks,
                            int maxInstances) {
        super(id, idString, name);
        this.maxInstances = maxInstances;
        this.clock = clock;
        this.resolution = resolution;
        this.hwTicks = hwTicks;
    }

    /** The system timer (G0): one jiffy per tick, 1e9/HZ ns. */
    public static ClockDrivenTimer system(Clock clock, int hz) {
        return new ClockDrivenTimer(TimerId.global(TimerId.GLOBAL_SYSTEM, 0), "system", "system timer", clock,
                1_000_000_000L / hz, 10_000_000L, MAX_INSTANCES);
    }

    /** The high-resolution timer (G3): 1 ns resolution, as snd-hrtimer with high-res mode active. */
    public static ClockDrivenTimer hrtimer(Clock clock) {
        return new ClockDrivenTimer(TimerId.global(TimerId.GLOBAL_HRTIMER, 0), "hrtimer", "HR timer", clock, 1L,
                1_000_000_000L, 100);
    }

    @Override
    public long resolution() {
        return resolution;
    }

    @Override
    public int maxInstances() {
        return maxInstances;
    }

    @Override
    public long hwTicks() {
        return hwTicks;
    }

    @Override
    protected void hwStart(long sticks) {
        cancel();
        lastTick = clock.nanos();
        arm(++generation);
    }

    @Override
    protected void hwStop() {
        cancel();
        generation++;
    }

    private void cancel() {
        if (pending != null) {
            pending.cancel();
            pending = null;
        }
    }

    private void arm(long gen) {
        long deadline = lastTick + sticks * resolution;
        pending = clock.schedule(deadline, () -> fire(gen));
    }

    private void fire(long gen) {
        long elapsed;
        synchronized (this) {
            if (gen != generation) {
                return; // stopped or restarted since this was scheduled
            }
            pending = null;
            elapsed = (clock.nanos() - lastTick) / resolution;
            lastTick += elapsed * resolution;
        }
        if (elapsed > 0) {
            interrupt(elapsed);
        }
        synchronized (this) {
            if (gen == generation && running > 0 && pending == null) {
                arm(gen);
            }
        }
    }
}
