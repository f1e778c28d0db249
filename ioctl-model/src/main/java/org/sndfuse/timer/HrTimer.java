package org.sndfuse.timer;

import org.sndfuse.abi.timer.TimerId;
import org.sndfuse.clock.Clock;

/**
 * The high-resolution timer (G3, sound/core/hrtimer.c) with high-resolution mode active: 1 ns per tick, at most
 * 100 instances. An expiry reports the programmed ticks, plus one per whole period it ran late; the next expiry is
 * one period after the one programmed, not after now (snd_hrtimer_callback(); docs/kernel-facts.md T11).
 */
public final class HrTimer extends ClockDrivenTimer {
    public HrTimer(Clock clock) {
        super(TimerId.global(TimerId.GLOBAL_HRTIMER, 0), "hrtimer", "HR timer", clock, 1L, 1_000_000_000L, 100);
    }

    @Override
    long firstDeadline(long now, long sticks) {
        return now + sticks * resolution();
    }

    @Override
    long ticksAt(long now) {
        long ticks = sticks;
        long late = now - deadline;
        if (late > 0) {
            ticks += late / (ticks * resolution());
        }
        return ticks;
    }

    @Override
    long nextDeadline() {
        return deadline + sticks * resolution();
    }
}
