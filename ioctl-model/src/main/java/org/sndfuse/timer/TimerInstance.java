package org.sndfuse.timer;

import org.sndfuse.abi.timer.TimerEvent;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

/**
 * One client's handle on a timer (struct snd_timer_instance): its tick count, countdown and run state.
 * Opened through {@link TimerCore#open}; the owner string is what /proc/asound/timers lists as the client.
 *
 * <p>Tick fields are guarded by the monitor of the timer the instance is attached to; {@link #timer} itself is
 * volatile and becomes null when the timer is unregistered under the instance (e.g. a closed utimer).
 */
public final class TimerInstance {
    private final TimerCore core;
    private final String owner;
    private final TimerListener listener;
    volatile Timer timer;

    // Guarded by timer's monitor.
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

    TimerInstance(TimerCore core, Timer timer, String owner, TimerListener listener) {
        this.core = core;
        this.timer = timer;
        this.owner = owner;
        this.listener = listener;
    }

    public String owner() {
        return owner;
    }

    /** The timer this instance is open on, or null once that timer is gone. */
    public Timer timer() {
        return timer;
    }

    /** Running or waiting to join a running timer (what /proc/asound/timers calls "running"). */
    public boolean isRunning() {
        Timer t = timer;
        if (t == null) {
            return false;
        }
        synchronized (t) {
            return running || startPending;
        }
    }

    public boolean isPaused() {
        Timer t = timer;
        if (t == null) {
            return false;
        }
        synchronized (t) {
            return paused;
        }
    }

    public long lost() {
        Timer t = timer;
        if (t == null) {
            return lost;
        }
        synchronized (t) {
            return lost;
        }
    }

    public void resetLost() {
        Timer t = timer;
        if (t == null) {
            lost = 0;
            return;
        }
        synchronized (t) {
            lost = 0;
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
        synchronized (t) {
            this.auto = auto;
            this.exclusive = exclusive;
        }
    }

    boolean isExclusive() {
        return exclusive;
    }

    /** snd_timer_start(): EBUSY if already running, EINVAL below a 100 µs first tick (non-slave timers). */
    public void start(long ticks) {
        if (ticks < 1) {
            throw new SndException(Errno.EINVAL, "ticks must be >= 1");
        }
        start1(true, ticks);
    }

    /** snd_timer_continue(): resumes with the ticks left; EBUSY if already running. */
    public void resume() {
        start1(false, 0);
    }

    private void start1(boolean start, long startTicks) {
        Timer t = attached();
        synchronized (t) {
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
        }
        notify(start ? TimerEvent.START : TimerEvent.CONTINUE, t);
    }

    /** snd_timer_stop(): EBUSY if not running; the countdown restarts from the full tick count. */
    public void stop() {
        stop1(true);
    }

    /** snd_timer_pause(): like stop, but the ticks left are kept for {@link #resume()}. */
    public void pause() {
        stop1(false);
    }

    private void stop1(boolean stop) {
        Timer t = attached();
        synchronized (t) {
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
        }
        notify(stop ? TimerEvent.STOP : TimerEvent.PAUSE, t);
    }

    /** Stops (quietly if not running) and leaves the timer; idempotent. */
    public void close() {
        core.close(this);
    }

    /** Called by the core under the timer's monitor. */
    boolean markClosed() {
        if (closed) {
            return false;
        }
        closed = true;
        return true;
    }

    /** Stops without an error or a notification when not running; used by close and unregister. */
    void stopQuietly(Timer t) {
        if (running || startPending) {
            t.active.remove(this);
            stopRunning(t);
        }
    }

    /** The shared tail of stop and pause; when the last runner stops, delayed starts take over. */
    private void stopRunning(Timer t) {
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

    private void notify(int event, Timer t) {
        long res = (event == TimerEvent.START || event == TimerEvent.CONTINUE) ? t.resolution() : 0;
        listener.onEvent(this, event, core.clock().nanos(), res);
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
