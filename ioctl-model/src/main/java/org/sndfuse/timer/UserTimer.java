package org.sndfuse.timer;

import java.util.concurrent.atomic.AtomicLong;
import org.sndfuse.abi.timer.TimerId;

/**
 * A userspace-driven timer (utimer, kernel ≥ 6.12): global device 4, subdevice = id, fired only by
 * {@link #trigger()} from its owner. Each trigger is one hardware interrupt of one tick (hw.ticks = 1).
 */
public final class UserTimer extends Timer {
    public static final int MAX_TIMERS = 128;

    private final int number;
    private final long resolution;
    private final Object owner;
    private final TimerCore core;
    private final AtomicLong triggers = new AtomicLong();

    UserTimer(TimerCore core, int number, long resolution, Object owner) {
        // The kernel sets only the id string; the name stays empty (so /proc shows "G4:  : ...").
        super(TimerId.global(TimerId.GLOBAL_UDRIVEN, number), "snd-utimer" + number, "");
        this.number = number;
        this.resolution = resolution;
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

    /** One interrupt: every running instance whose countdown ends gets its tick. */
    public void trigger() {
        triggers.incrementAndGet();
        long sticks;
        synchronized (this) {
            sticks = this.sticks < 1 ? 1 : this.sticks;
        }
        interrupt(sticks);
        core.triggered(this);
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
    protected void hwStart(long sticks) {
        // Nothing to arm: the owner's triggers are the hardware.
    }

    @Override
    protected void hwStop() {
    }
}
