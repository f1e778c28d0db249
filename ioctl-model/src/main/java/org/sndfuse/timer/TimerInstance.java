package org.sndfuse.timer;

import java.util.ArrayList;
import java.util.List;
import org.sndfuse.abi.timer.TimerEvent;
import org.sndfuse.abi.timer.TimerId;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

/**
 * One client's handle on a timer (struct snd_timer_instance): its tick count, countdown and run state.
 * Opened through {@link TimerCore#open}; the owner string is what /proc/asound/timers lists as the client.
 *
 * <p>Two kinds exist, as in the kernel. A <em>master</em> instance is open on a timer and counts its ticks. A
 * <em>slave</em> instance (opened with class SLAVE) has no timer of its own: it links to the first master with
 * the same slave class and slave id (a user master has class APPLICATION and the opener's pid), borrows that
 * master's timer, and while running gets a tick callback, with the master's tick count, each time the master
 * expires, plus the master's START/STOP/CONTINUE/PAUSE as the M-events (+10). When the master closes, the slave
 * goes back to waiting for another one; it never appears on a timer's open list (GINFO clients, /proc).
 *
 * <p>Locks. Master tick fields are guarded by the lock of the timer the instance is attached to;
 * {@link #timer} itself is volatile and becomes null when the timer is unregistered under the instance (e.g. a
 * closed utimer). A slave's link ({@link #master}, {@link #timer}) and run state are guarded by the core's lock;
 * link changes and the master's {@link #activeSlaves} list additionally take the master timer's lock, which
 * alone guards {@link #activeSlaves} (the interrupt path reads it). {@link #slaves} is guarded by the core.
 */
public final class TimerInstance {
    private final TimerCore core;
    private final String owner;
    private final TimerListener listener;
    private final boolean slave;
    /** The kernel's slave_class / slave_id: SCLASS_NONE for kernel-internal masters, which never link. */
    private final int slaveClass;
    private final int slaveId;
    volatile Timer timer;

    /** A slave: the master it is linked to, or null while it waits for one. Guarded by the core. */
    TimerInstance master;
    /** A master: every slave linked to it. Guarded by the core. */
    final List<TimerInstance> slaves = new ArrayList<>();
    /** A master: the linked slaves that run (the kernel's slave_active_head). Guarded by the timer's lock. */
    final List<TimerInstance> activeSlaves = new ArrayList<>();

    // Guarded by the timer's lock (for a slave, running, lost and closed are guarded by the core's lock).
    boolean running;
    boolean startPending;
    boolean paused;
    boolean auto;
    boolean exclusive;
    long ticks = 1;
    long cticks;
    long pticks;
    long lost;
    private boolean closed;

    /** A master on {@code timer}, or a slave when {@code timer} is null and {@code slave} is set. */
    TimerInstance(TimerCore core, Timer timer, String owner, TimerListener listener, boolean slave, int slaveClass,
                  int slaveId) {
        this.core = core;
        this.timer = timer;
        this.owner = owner;
        this.listener = listener;
        this.slave = slave;
        this.slaveClass = slaveClass;
        this.slaveId = slaveId;
    }

    public String owner() {
        return owner;
    }

    /** Whether this is a slave-class instance (SELECT with class SLAVE). */
    public boolean isSlave() {
        return slave;
    }

    /** The slave class this instance links by (TimerId.SCLASS_*; NONE for kernel-internal masters). */
    public int slaveClass() {
        return slaveClass;
    }

    /** The slave id this instance links by: the opener's pid for a master, the id's device for a slave. */
    public int slaveId() {
        return slaveId;
    }

    /** A slave's master, or null while unlinked (always null for a master). */
    public TimerInstance master() {
        core.lock.lock();
        try {
            return master;
        } finally {
            core.lock.unlock();
        }
    }

    /** Whether {@code s} (a slave) belongs to this master. */
    boolean matchesSlave(TimerInstance s) {
        return !slave && slaveClass != TimerId.SCLASS_NONE && s.slaveClass == slaveClass && s.slaveId == slaveId;
    }

    /** The timer this instance is open on, or null once that timer is gone. */
    public Timer timer() {
        return timer;
    }

    /** Running or waiting to join a running timer (what /proc/asound/timers calls "running"). */
    public boolean isRunning() {
        if (slave) {
            core.lock.lock();
            try {
                return running;
            } finally {
                core.lock.unlock();
            }
        }
        Timer t = timer;
        if (t == null) {
            return false;
        }
        t.lock.lock();
        try {
            return running || startPending;
        } finally {
            t.lock.unlock();
        }
    }

    public boolean isPaused() {
        if (slave) {
            return false; // the kernel's slave stop/pause never sets PAUSED
        }
        Timer t = timer;
        if (t == null) {
            return false;
        }
        t.lock.lock();
        try {
            return paused;
        } finally {
            t.lock.unlock();
        }
    }

    public long lost() {
        if (slave) {
            core.lock.lock();
            try {
                return lost;
            } finally {
                core.lock.unlock();
            }
        }
        Timer t = timer;
        if (t == null) {
            return lost;
        }
        t.lock.lock();
        try {
            return lost;
        } finally {
            t.lock.unlock();
        }
    }

    public void resetLost() {
        if (slave) {
            core.lock.lock();
            try {
                lost = 0;
            } finally {
                core.lock.unlock();
            }
            return;
        }
        Timer t = timer;
        if (t == null) {
            lost = 0;
            return;
        }
        t.lock.lock();
        try {
            lost = 0;
        } finally {
            t.lock.unlock();
        }
    }

    /** The resolution the instance runs at now: the timer's, or 0 once the timer is gone. */
    public long resolution() {
        Timer t = timer;
        return t == null ? 0 : t.resolution();
    }

    /** PARAMS' flags: AUTO (restart after expiry) and EXCLUSIVE (no further opens of the timer). */
    public void setFlags(boolean auto, boolean exclusive) {
        Timer t = attached();
        t.lock.lock();
        try {
            this.auto = auto;
            this.exclusive = exclusive;
        } finally {
            t.lock.unlock();
        }
    }

    boolean isExclusive() {
        return exclusive;
    }

    /**
     * snd_timer_start(): EBUSY if already running, EINVAL below a 100 µs first tick (non-slave timers).
     * A slave instance only becomes running (no bound); if linked it joins its master and is told START.
     */
    public void start(long ticks) {
        if (ticks < 1) {
            throw new SndException(Errno.EINVAL, "ticks must be >= 1");
        }
        if (slave) {
            startSlave(true);
        } else {
            start1(true, ticks);
        }
    }

    /**
     * snd_timer_continue(): goes on with the ticks left; EBUSY if already running. A slave is never paused,
     * so the kernel's "not paused" EINVAL applies to it.
     */
    public void continueTimer() {
        if (slave) {
            throw new SndException(Errno.EINVAL, "slave instance is not paused");
        }
        start1(false, 0);
    }

    /** snd_timer_start_slave(). */
    private void startSlave(boolean start) {
        Timer t;
        core.lock.lock();
        try {
            if (closed) {
                throw new SndException(Errno.EINVAL, "instance is closed");
            }
            if (running) {
                throw new SndException(Errno.EBUSY, "instance already running");
            }
            running = true;
            t = master != null ? timer : null;
            if (t != null) {
                t.lock.lock();
                try {
                    master.activeSlaves.remove(this);
                    master.activeSlaves.add(this);
                } finally {
                    t.lock.unlock();
                }
            }
        } finally {
            core.lock.unlock();
        }
        if (t != null) {
            int event = start ? TimerEvent.START : TimerEvent.CONTINUE;
            notifyAll(event, t.resolution(), core.clock().nanos(), List.of());
        }
    }

    /** snd_timer_stop_slave(): EBUSY if not running; STOP/PAUSE is told only when running and linked. */
    private void stopSlave(boolean stop) {
        Timer t = null;
        core.lock.lock();
        try {
            boolean was = running;
            running = false;
            Timer linked = master != null ? timer : null; // a slave's link is stable under the core's lock
            if (linked != null) {
                linked.lock.lock();
                try {
                    master.activeSlaves.remove(this);
                } finally {
                    linked.lock.unlock();
                }
                t = was ? linked : null;
            }
            if (!was) {
                throw new SndException(Errno.EBUSY, "instance not running");
            }
        } finally {
            core.lock.unlock();
        }
        if (t != null) {
            notifyAll(stop ? TimerEvent.STOP : TimerEvent.PAUSE, 0, core.clock().nanos(), List.of());
        }
    }

    private void start1(boolean start, long startTicks) {
        Timer t = attached();
        List<TimerInstance> toldSlaves;
        long res;
        t.lock.lock();
        try {
            if (timer != t) {
                throw new SndException(Errno.EINVAL, "timer is gone");
            }
            if (running || startPending) {
                throw new SndException(Errno.EBUSY, "instance already running");
            }
            if (start && !t.isSlave() && multiplyCapped(t.resolution(), startTicks) < 100_000L) {
                throw new SndException(Errno.EINVAL, "first tick would come sooner than 100 us");
            }
            if (start) {
                ticks = startTicks;
                cticks = startTicks;
            } else if (cticks == 0) {
                cticks = 1;
            }
            pticks = 0;
            t.active.remove(this);
            t.active.add(this);
            if (t.running > 0 && t.isSlave()) {
                t.running++; // a slave-hardware timer lets a late starter join at once
                running = true;
            } else if (t.running > 0) {
                startPending = true; // joins after the next interrupt, as the kernel's delayed start
                t.resched = true;
            } else {
                // Not capped to hw ticks: a utimer first started with ticks N advances N per TRIGGER
                // until a reschedule, as in the kernel.
                if (start) {
                    t.sticks = startTicks;
                } else if (t.sticks < 1) {
                    t.sticks = 1;
                }
                t.hwStart(t.sticks);
                t.running++;
                running = true;
            }
            res = t.resolution();
            toldSlaves = masterEventTargets(t);
        } finally {
            t.lock.unlock();
        }
        notifyAll(start ? TimerEvent.START : TimerEvent.CONTINUE, res, core.clock().nanos(), toldSlaves);
    }

    /** snd_timer_stop(): EBUSY if not running; the countdown restarts from the full tick count. */
    public void stop() {
        if (slave) {
            stopSlave(true);
        } else {
            stop1(true);
        }
    }

    /** snd_timer_pause(): like stop, but the ticks left are kept for {@link #continueTimer()} (slaves: like stop). */
    public void pause() {
        if (slave) {
            stopSlave(false);
        } else {
            stop1(false);
        }
    }

    private void stop1(boolean stop) {
        Timer t = attached();
        List<TimerInstance> toldSlaves;
        t.lock.lock();
        try {
            if (timer != t) {
                throw new SndException(Errno.EINVAL, "timer is gone");
            }
            if (!running && !startPending) {
                throw new SndException(Errno.EBUSY, "instance not running");
            }
            t.active.remove(this);
            if (stop) {
                cticks = ticks;
                pticks = 0;
            }
            stopRunning(t);
            paused = !stop;
            toldSlaves = masterEventTargets(t);
        } finally {
            t.lock.unlock();
        }
        notifyAll(stop ? TimerEvent.STOP : TimerEvent.PAUSE, 0, core.clock().nanos(), toldSlaves);
    }

    /**
     * The running slaves a master's state change is told to as an M-event (none for a HW_SLAVE timer, as
     * snd_timer_notify1()). Timer lock held.
     */
    List<TimerInstance> masterEventTargets(Timer t) {
        assert t.lock.isHeldByCurrentThread();
        return activeSlaves.isEmpty() || t.isSlave() ? List.of() : List.copyOf(activeSlaves);
    }

    /** Stops (quietly if not running) and leaves the timer; idempotent. */
    public void close() {
        core.close(this);
    }

    /** Called by the core under the timer's lock (a slave: under the core's lock). */
    boolean markClosed() {
        assert slave ? core.lock.isHeldByCurrentThread() : timer != null && timer.lock.isHeldByCurrentThread();
        if (closed) {
            return false;
        }
        closed = true;
        return true;
    }

    /** Stops without an error or a notification when not running; used by close and unregister. */
    void stopQuietly(Timer t) {
        assert t.lock.isHeldByCurrentThread();
        if (running || startPending) {
            t.active.remove(this);
            stopRunning(t);
        }
    }

    /** The shared tail of stop and pause; when the last runner stops, delayed starts take over. */
    private void stopRunning(Timer t) {
        assert t.lock.isHeldByCurrentThread();
        if (running && --t.running == 0) {
            t.hwStop();
            if (t.resched) {
                t.reschedule();
                if (t.running > 0) {
                    t.hwStart(t.sticks);
                }
            }
        }
        running = false;
        startPending = false;
    }

    void deliverGone() {
        listener.onTimerGone(this);
    }

    void deliverTick(long resolution, long ticks) {
        listener.onTick(this, resolution, ticks);
    }

    void deliverEvent(int event, long tstamp, long resolution) {
        listener.onEvent(this, event, tstamp, resolution);
    }

    /** Tells this instance {@code event}, then each of {@code slaves} the matching M-event, with one timestamp. */
    private void notifyAll(int event, long resolution, long tstamp, List<TimerInstance> slaves) {
        deliverEvent(event, tstamp, resolution);
        for (TimerInstance s : slaves) {
            s.deliverEvent(event + 10, tstamp, resolution);
        }
    }

    private Timer attached() {
        Timer t = timer;
        if (t == null) {
            throw new SndException(Errno.EINVAL, "timer is gone");
        }
        return t;
    }

    private static long multiplyCapped(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        return hi != 0 ? Long.MAX_VALUE : a * b < 0 ? Long.MAX_VALUE : a * b;
    }
}
