package org.sndfuse.timer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.sndfuse.abi.timer.TimerId;

/**
 * A registered timer (the kernel's struct snd_timer): identity, strings, hardware resolution,
 * and the instances open on it. Ticking follows snd_timer_interrupt(): each running instance counts down
 * its ticks, gets a callback when they run out, and restarts (AUTO) or stops.
 *
 * When an instance expires, the running slave instances linked to it get a callback with the same count.
 *
 * <p>Lock: {@link #lock} (the kernel's timer->lock) guards its instance lists, running count, sticks, the
 * linked-slave count, and every {@link TimerInstance} tick field of instances attached to it. It is package-private:
 * only the core, the instances and the drivers of this package take it. Callbacks run after it is released.
 */
public abstract class Timer {
    /** Most instances one timer accepts (the kernel's default max_instances). */
    public static final int MAX_INSTANCES = 1000;

    /** max_instances: 1000 by default, 100 for the hrtimer. */
    public int maxInstances() {
        return MAX_INSTANCES;
    }

    private final TimerId id;
    private final String idString;
    private final String name;
    final List<TimerInstance> open = new ArrayList<>();
    final List<TimerInstance> active = new ArrayList<>();
    /** Slave instances linked to masters open here; they count against {@link #maxInstances()}. */
    int linkedSlaves;
    int running;
    long sticks;
    /** FLG_RESCHED: a delayed start waits for the next interrupt to be admitted. */
    boolean resched;
    private volatile boolean registered;
    /** The timer's lock; taken after the core's, never while calling out. */
    final ReentrantLock lock = new ReentrantLock();

    protected Timer(TimerId id, String idString, String name) {
        this.id = id;
        this.idString = idString;
        this.name = name;
    }

    public final TimerId id() {
        return id;
    }

    public final String idString() {
        return idString;
    }

    public final String name() {
        return name;
    }

    /** Nanoseconds per hardware tick. */
    public abstract long resolution();

    /** The largest number of ticks the hardware can count in one go (hw.ticks; 1 for utimers). */
    public abstract long hwTicks();

    /** GINFO's resolution_min/max, or 0 when the driver has no range. */
    public long resolutionMin() {
        return 0;
    }

    public long resolutionMax() {
        return 0;
    }

    /** GSTATUS' exact resolution as num/den seconds; the kernel falls back to (resolution, 1e9). */
    public long[] preciseResolution() {
        return new long[] {resolution(), 1_000_000_000L};
    }

    /** Whether this is a slave timer (SNDRV_TIMER_HW_SLAVE: cannot be controlled, no bounds at PARAMS/START). */
    public boolean isSlave() {
        return false;
    }

    /** Called with the timer's lock held when the first instance starts; arrange for {@link #interrupt} calls. */
    protected abstract void hwStart(long sticks);

    /** Called with the timer's lock held when the last running instance stops. */
    protected abstract void hwStop();

    public final boolean isRegistered() {
        return registered;
    }

    void setRegistered(boolean r) {
        registered = r;
    }

    /** Instances open on this timer now (snapshot). */
    public List<TimerInstance> instances() {
        lock.lock();
        try {
            return List.copyOf(open);
        } finally {
            lock.unlock();
        }
    }

    /** GINFO's clients: the master instances open here (linked slaves are not counted, as in the kernel). */
    public int clients() {
        lock.lock();
        try {
            return open.size();
        } finally {
            lock.unlock();
        }
    }

    /** The kernel's num_instances: open masters plus linked slaves. Timer lock held. */
    final int numInstances() {
        assert lock.isHeldByCurrentThread();
        return open.size() + linkedSlaves;
    }

    /**
     * A hardware interrupt: {@code ticksLeft} hardware ticks elapsed. Expired instances get their callback
     * after the timer's lock is released.
     */
    protected final void interrupt(long ticksLeft) {
        assert !lock.isHeldByCurrentThread() : "interrupt delivers callbacks: call it without the timer's lock";
        List<Due> due = new ArrayList<>();
        long resolution;
        lock.lock();
        try {
            resolution = resolution();
            // by index, removing as it goes (the kernel's list_for_each_entry_safe): no copy of the list per tick
            for (int i = 0; i < active.size(); i++) {
                TimerInstance ti = active.get(i);
                if (!ti.running) {
                    continue;
                }
                ti.pticks += ticksLeft;
                ti.cticks = ti.cticks < ticksLeft ? 0 : ti.cticks - ticksLeft;
                if (ti.cticks > 0) {
                    continue;
                }
                if (ti.auto) {
                    ti.cticks = ti.ticks;
                } else {
                    ti.running = false;
                    active.remove(i--);
                    if (--running == 0) {
                        hwStop();
                    }
                }
                due.add(new Due(ti, ti.pticks));
                for (TimerInstance s : ti.activeSlaves) {
                    due.add(new Due(s, ti.pticks));
                }
                ti.pticks = 0;
            }
            // Instances started while the timer ran join here (the kernel's delayed start), and the
            // next hardware period becomes the smallest count left.
            if (resched) {
                reschedule();
            }
        } finally {
            lock.unlock();
        }
        for (int i = 0; i < due.size(); i++) {
            Due d = due.get(i);
            d.instance.deliverTick(resolution, d.ticks);
        }
    }

    private record Due(TimerInstance instance, long ticks) {}

    /** snd_timer_reschedule(): admit delayed starts and compute the next hardware period. Timer lock held. */
    final void reschedule() {
        assert lock.isHeldByCurrentThread();
        resched = false;
        long ticks = Long.MAX_VALUE;
        for (TimerInstance ti : active) {
            if (ti.startPending) {
                ti.startPending = false;
                ti.running = true;
                running++;
            }
            if (ti.running && ticks > ti.cticks) {
                ticks = ti.cticks;
            }
        }
        if (ticks == Long.MAX_VALUE) {
            return;
        }
        sticks = Math.max(1, Math.min(ticks, hwTicks()));
    }

    /** The programmed tick count (the kernel's timer->sticks), read under the timer's lock. */
    protected final long sticks() {
        lock.lock();
        try {
            return sticks;
        } finally {
            lock.unlock();
        }
    }

    /** The /proc/asound/timers heading name of this timer, e.g. "G0", "G4.1", "P0-1-0". */
    public String procName() {
        return id.shortName();
    }
}
