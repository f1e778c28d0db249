package org.sndfuse.timer;

import java.util.concurrent.atomic.AtomicLong;
import org.sndfuse.abi.timer.TimerId;

/**
 * A userspace-driven timer (utimer, kernel ≥ 6.12): global device 4, subdevice = id, fired only by
 * {@link #trigger()} from its owner. Each trigger is one interrupt of the programmed ticks (snd_utimer_trigger()).
 */
public final class UserTimer extends ExternallyDrivenTimer {
    public static final int MAX_TIMERS = 128;

    private final int number;
    private final Object owner;
    private final TimerCore core;
    private final AtomicLong triggers = new AtomicLong();

    UserTimer(TimerCore core, int number, long resolution, Object owner) {
        // The kernel sets only the id string; the name stays empty (so /proc shows "G4:  : ...").
        super(TimerId.global(TimerId.GLOBAL_UDRIVEN, number), "snd-utimer" + number, "", resolution);
        this.number = number;
        this.owner = owner;
        this.core = core;
    }

    /** The id handed back by CREATE, 0..127. */
    public int number() {
        return number;
    }

    /** Whoever may trigger and destroy this timer (the creating handle). */
    public Object owner() {
        return owner;
    }

    public long triggers() {
        return triggers.get();
    }

    /** One interrupt of timer->sticks ticks: every running instance whose countdown ends gets its tick. */
    public void trigger() {
        triggers.incrementAndGet();
        interrupt(Math.max(1, sticks()));
        core.triggered(this);
    }
}
