package org.sndfuse.timer;

import org.sndfuse.abi.timer.TimerId;
import org.sndfuse.clock.Clock;

/**
 * The system timer (G0, sound/core/timer.c's jiffies timer): one jiffy (1e9/HZ ns) per tick. Each expiry reports
 * the whole jiffies elapsed since the last report (snd_timer_s_function()), so a late wake-up delivers the missed
 * ticks at once, and the next expiry is programmed from the last jiffy reported.
 */
public final class SystemTimer extends ClockDrivenTimer {
    /** Guarded by the timer's lock: the time of the last whole jiffy reported. */
    private long lastTick;

    public SystemTimer(Clock clock, int hz) {
        super(TimerId.global(TimerId.GLOBAL_SYSTEM, 0), "system", "system timer", clock, 1_000_000_000L / hz,
                10_000_000L, MAX_INSTANCES);
    }

    @Override
    long firstDeadline(long now, long sticks) {
        lastTick = now;
        return now + sticks * resolution();
    }

    @Override
    long ticksAt(long now) {
        long elapsed = (now - lastTick) / resolution();
        lastTick += elapsed * resolution();
        return elapsed;
    }

    @Override
    long nextDeadline() {
        return lastTick + sticks * resolution();
    }
}
