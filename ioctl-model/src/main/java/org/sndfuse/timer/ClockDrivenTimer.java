package org.sndfuse.timer;

import org.sndfuse.abi.timer.TimerId;
import org.sndfuse.clock.Clock;

/**
 * A global timer whose hardware is the injected clock: while any instance runs, it expires at deadlines the driver
 * computes and reports a tick count the driver computes, so a late wake-up is accounted for as the kernel's driver
 * does ({@link SystemTimer}: the jiffies elapsed; {@link HrTimer}: the programmed ticks plus whole periods late).
 *
 * <p>Lock: the timer's {@link Timer#lock} guards the pending expiry and the driver's bookkeeping.
 */
public abstract class ClockDrivenTimer extends Timer {
    private final Clock clock;
    private final long resolution;
    private final long hwTicks;
    private final int maxInstances;
    // Guarded by the timer's lock.
    private Clock.Scheduled pending;
    private long generation;
    /** The deadline the pending expiry was programmed for. */
    long deadline;

    protected ClockDrivenTimer(TimerId id, String idString, String name, Clock clock, long resolution, long hwTicks,
                               int maxInstances) {
        super(id, idString, name);
        this.maxInstances = maxInstances;
        this.clock = clock;
        this.resolution = resolution;
        this.hwTicks = hwTicks;
    }

    @Override
    public final long resolution() {
        return resolution;
    }

    @Override
    public final int maxInstances() {
        return maxInstances;
    }

    @Override
    public final long hwTicks() {
        return hwTicks;
    }

    /** The first deadline after a start at {@code now} with {@code sticks} programmed. Timer lock held. */
    abstract long firstDeadline(long now, long sticks);

    /** The ticks to report for an expiry seen at {@code now}. Timer lock held. */
    abstract long ticksAt(long now);

    /** The deadline after an expiry, once the interrupt has rescheduled {@code sticks}. Timer lock held. */
    abstract long nextDeadline();

    @Override
    protected final void hwStart(long sticks) {
        assert lock.isHeldByCurrentThread();
        cancel();
        deadline = firstDeadline(clock.nanos(), sticks);
        arm(++generation);
    }

    @Override
    protected final void hwStop() {
        assert lock.isHeldByCurrentThread();
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
        pending = clock.schedule(deadline, () -> fire(gen));
    }

    private void fire(long gen) {
        long ticks;
        lock.lock();
        try {
            if (gen != generation) {
                return; // stopped or restarted since this was scheduled
            }
            pending = null;
            ticks = ticksAt(clock.nanos());
        } finally {
            lock.unlock();
        }
        if (ticks > 0) {
            interrupt(ticks);
        }
        lock.lock();
        try {
            if (gen == generation && running > 0 && pending == null) {
                deadline = nextDeadline();
                arm(gen);
            }
        } finally {
            lock.unlock();
        }
    }
}
