package org.sndfuse.timer;

import java.util.concurrent.locks.Condition;
import java.util.function.BooleanSupplier;
import org.sndfuse.abi.timer.TimerEvent;
import org.sndfuse.abi.timer.TimerId;
import org.sndfuse.abi.timer.TimerInfo;
import org.sndfuse.abi.timer.TimerIoctl;
import org.sndfuse.abi.timer.TimerParams;
import org.sndfuse.abi.timer.TimerStatus;
import org.sndfuse.concurrent.DeferringLock;
import org.sndfuse.concurrent.PollWaiter;
import org.sndfuse.concurrent.WaitSlice;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;
import org.sndfuse.fasync.Fasync;

/**
 * One open file description of the timer device (the kernel's struct snd_timer_user): the selected
 * instance, the read queue and its format, and — sndfuse's deviation — the utimer CREATE bound to it.
 *
 * <p>The selected instance is a master on a timer, or a slave instance (SELECT with class SLAVE, see
 * {@link TimerInstance}). A slave not linked to a master has no timer: INFO and PARAMS give EBADFD, STATUS
 * reports resolution 0, START/STOP only flip its run state. Once linked it works against the master's timer
 * (INFO, PARAMS with that timer's bounds), reads the master's ticks and, in tread mode, the M-events.
 *
 * <p>Lock: {@link #lock} (private) guards every field; readers wait on {@link #changed}. Held, it may take the
 * core's lock and then a timer's (SELECT, PARAMS, START...), never the other way round: timer callbacks arrive
 * without timer or core locks and take only this lock. Poll and wake-up notifications are deferred to the
 * outermost unlock (or run before a reader waits), so they never run with it held; so are the O_ASYNC signals
 * ({@link #fasync()}, one per tick or event queued, as snd_timer_user_interrupt's kill_fasync).
 */
public final class TimerUser implements TimerListener {
    public static final int POLLIN = 0x001, POLLERR = 0x008, POLLRDNORM = 0x040;

    private final TimerCore core;
    private final int pid;
    private final DeferringLock lock = new DeferringLock();
    private final Condition changed = lock.newCondition();

    private TimerInstance instance;
    private TimerEventQueue queue = new TimerEventQueue(false, TimerEventQueue.DEFAULT_SIZE, 0);
    private long ticks = 1;
    private long filter;
    private long lastResolution;
    private long tstampNanos;
    private boolean disconnected;
    private boolean released;
    private UserTimer owned;
    private final PollWaiter pollWaiter = new PollWaiter();
    /** A read parked by the low-level transport: one-shot, run at the next change (docs/fuse-transport.md). */
    private final PollWaiter readWaiter = new PollWaiter();
    /** Threads blocked in {@link #read} now. */
    private int blockedReaders;
    /** O_ASYNC registrations (snd_timer_user_fasync, docs/preload.md "SIGIO"). */
    private final Fasync fasync = new Fasync();

    /** @param pid the opening process, named in the instance owner string "application PID" */
    public TimerUser(TimerCore core, int pid) {
        this.core = core;
        this.pid = pid;
    }

    public int pid() {
        return pid;
    }

    public int pversion() {
        return TimerIoctl.PROTOCOL_VERSION;
    }

    /** TREAD: choose plain (0) or timestamped records; EBUSY once a timer is selected. */
    public void tread(int enable) {
        lock.lock();
        try {
            if (instance != null) {
                throw new SndException(Errno.EBUSY, "TREAD must come before SELECT");
            }
            boolean tread = enable != 0;
            if (tread != queue.isTread()) {
                queue = new TimerEventQueue(tread, queue.capacity(), queue.overrun()); // contents dropped, as the kernel reallocates
            }
        } finally {
            unlock();
        }
    }

    /**
     * SELECT: closes any previous instance first, then opens one owned by "application PID". A master gets slave
     * class APPLICATION and slave id PID; class SLAVE opens a slave instance (slave class = dev_sclass, 1..3,
     * else EINVAL; slave id = device; EBUSY beyond 1000 slaves) that follows the matching master, if any.
     */
    public void select(TimerId id) {
        lock.lock();
        try {
            if (instance != null) {
                instance.close();
                instance = null;
            }
            TimerId opened = id.devClass() == TimerId.CLASS_SLAVE ? id : id.withSclass(TimerId.SCLASS_APPLICATION);
            instance = core.open(opened, "application " + pid, this, pid);
        } finally {
            unlock();
        }
    }

    public TimerInstance instance() {
        return lock.locked(() -> instance);
    }

    public Fasync fasync() {
        return fasync;
    }

    private TimerInstance selected() {
        assert lock.isHeldByCurrentThread();
        if (instance == null) {
            throw new SndException(Errno.EBADFD, "no timer selected");
        }
        return instance;
    }

    /** INFO: EBADFD before SELECT or once the selected timer is gone. */
    public TimerInfo info() {
        lock.lock();
        try {
            Timer t = selected().timer();
            if (t == null) {
                throw new SndException(Errno.EBADFD, "selected timer is gone");
            }
            return core.info(t);
        } finally {
            unlock();
        }
    }

    /**
     * PARAMS (snd_timer_user_params(), docs/kernel-facts.md T1): validate, stop, apply flags, resize and empty the
     * queue, store ticks and filter.
     */
    public void params(TimerParams p) {
        Runnable wake;
        lock.lock();
        try {
            TimerInstance ti = selected();
            Timer t = ti.timer();
            if (t == null) {
                throw new SndException(Errno.EBADFD, "selected timer is gone");
            }
            if (!t.isSlave()) {
                if (p.ticks() < 1) {
                    throw new SndException(Errno.EINVAL, "ticks must be >= 1");
                }
                if (Math.multiplyHigh(t.resolution(), p.ticks()) == 0 && t.resolution() * p.ticks() >= 0
                        && t.resolution() * p.ticks() < 1_000_000L) {
                    throw new SndException(Errno.EINVAL, "resolution x ticks must be at least 1 ms");
                }
            }
            if (p.queueSize() > 0
                    && (p.queueSize() < TimerEventQueue.MIN_SIZE || p.queueSize() > TimerEventQueue.MAX_SIZE)) {
                throw new SndException(Errno.EINVAL, "queue_size must be 32..1024");
            }
            if ((p.filter() & ~TimerEvent.FILTER_MASK) != 0) {
                throw new SndException(Errno.EINVAL, "filter has unknown event bits");
            }
            if (ti.isRunning()) {
                ti.stop();
            }
            ti.setFlags((p.flags() & TimerParams.PSFLG_AUTO) != 0, (p.flags() & TimerParams.PSFLG_EXCLUSIVE) != 0);
            int size = p.queueSize() > 0 ? (int) p.queueSize() : queue.capacity();
            queue = new TimerEventQueue(queue.isTread(), size, queue.overrun());
            boolean early = (p.flags() & TimerParams.PSFLG_EARLY_EVENT) != 0;
            if (early) {
                if (queue.isTread()) {
                    queue.addEvent(TimerEvent.EARLY, 0, 0);
                } else {
                    queue.addPlainEarly();
                }
            }
            filter = p.filter();
            ticks = p.ticks();
            wake = early ? takeWaiter() : null;
        } finally {
            unlock();
        }
        wakeLater(wake);
    }

    public TimerStatus status() {
        lock.lock();
        try {
            TimerInstance ti = selected();
            return new TimerStatus(tstampNanos / 1_000_000_000L, tstampNanos % 1_000_000_000L, ti.resolution(),
                    ti.lost(), queue.overrun(), queue.size());
        } finally {
            unlock();
        }
    }

    /** START: stop quietly, reset lost and the reported resolution, start with the stored ticks. */
    public void start() {
        lock.lock();
        try {
            TimerInstance ti = selected();
            stopIgnoringErrors(ti);
            ti.resetLost();
            lastResolution = 0;
            ti.start(ticks);
        } finally {
            unlock();
        }
    }

    public void stop() {
        lock.locked(() -> selected().stop());
    }

    public void pause() {
        lock.locked(() -> selected().pause());
    }

    /** CONTINUE (snd_timer_user_continue()): a START when the instance was not paused, else go on with the ticks left. */
    public void continueTimer() {
        lock.lock();
        try {
            TimerInstance ti = selected();
            if (!ti.isPaused()) {
                start();
                return;
            }
            ti.resetLost();
            ti.continueTimer();
        } finally {
            unlock();
        }
    }

    private static void stopIgnoringErrors(TimerInstance ti) {
        try {
            ti.stop();
        } catch (SndException ignored) {
            // START stops first and ignores "not running" and "timer gone", as the kernel does.
        }
    }

    /**
     * CREATE, bound to this descriptor (sndfuse's deviation: no new fd can be installed in the caller).
     * EBUSY if this descriptor already owns a utimer.
     */
    public UserTimer create(long resolution) {
        lock.lock();
        try {
            checkCanCreate();
        } finally {
            unlock();
        }
        // Created without this lock: the core tells its observers (event stream) about the new timer.
        UserTimer u = core.createUserTimer(resolution, this);
        lock.lock();
        try {
            checkCanCreate(); // a concurrent CREATE or release on this descriptor came first
            owned = u;
            u = null;
            return owned;
        } finally {
            unlock();
            if (u != null) {
                core.destroyUserTimer(u);
            }
        }
    }

    private void checkCanCreate() {
        assert lock.isHeldByCurrentThread();
        if (released) {
            throw new SndException(Errno.EBADF, "descriptor released");
        }
        if (owned != null) {
            throw new SndException(Errno.EBUSY, "this descriptor already owns utimer " + owned.number());
        }
    }

    /** TRIGGER: only the descriptor that created the utimer may fire it; any other gets ENOTTY. */
    public void trigger() {
        UserTimer u;
        lock.lock();
        try {
            u = owned;
        } finally {
            unlock();
        }
        if (u == null) {
            throw new SndException(Errno.ENOTTY, "this descriptor owns no utimer");
        }
        u.trigger();
    }

    public UserTimer ownedTimer() {
        return lock.locked(() -> owned);
    }

    /** Bytes per record read() returns now. */
    public int recordSize() {
        return lock.locked(() -> queue.recordSize());
    }

    /**
     * read(): whole records only; a count below one record returns nothing at once. Blocks until at least one
     * record unless {@code nonblock} (EAGAIN); EINTR when {@code interrupted} turns true while waiting,
     * ENODEV when the device is disconnected.
     */
    public byte[] read(int count, boolean nonblock, BooleanSupplier interrupted) {
        lock.lock();
        try {
            int unit = queue.recordSize();
            if (count < unit) {
                return new byte[0];
            }
            while (queue.size() == 0) {
                if (disconnected) {
                    throw new SndException(Errno.ENODEV, "device disconnected");
                }
                if (nonblock) {
                    throw new SndException(Errno.EAGAIN, "no events queued");
                }
                if (interrupted.getAsBoolean()) {
                    throw new SndException(Errno.EINTR, "interrupted");
                }
                blockedReaders++;
                try {
                    changed.awaitNanos(WaitSlice.NANOS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SndException(Errno.EINTR, "interrupted");
                } finally {
                    blockedReaders--;
                }
                unit = queue.recordSize();
                if (count < unit) {
                    return new byte[0];
                }
            }
            return queue.take(count / unit);
        } finally {
            unlock();
        }
    }

    /**
     * poll(): POLLIN|POLLRDNORM while records are queued, POLLERR once disconnected. When nothing is ready and
     * {@code waiter} is given, it runs once at the next change (replacing any earlier waiter, which runs too).
     */
    public int poll(Runnable waiter) {
        Runnable replaced = null;
        int mask;
        lock.lock();
        try {
            mask = readyMask();
            replaced = pollWaiter.register(mask, waiter);
        } finally {
            unlock();
        }
        wakeLater(replaced);
        return mask;
    }

    /**
     * For a read that waits without a thread: runs {@code retry} once at the next change (a record queued, a
     * disconnect, the release), or at once when records are queued or the device is disconnected already. A
     * newer registration replaces the older, which runs too. {@code retry} runs with no lock of this object held.
     */
    public void onReadable(Runnable retry) {
        Runnable due;
        lock.lock();
        try {
            due = readWaiter.register(readyMask(), retry);
        } finally {
            unlock();
        }
        wakeLater(due);
    }

    /** Whether a non-blocking {@link #read} of {@code count} bytes would fail with EAGAIN now. */
    public boolean readWouldWait(int count) {
        lock.lock();
        try {
            return count >= queue.recordSize() && readyMask() == 0;
        } finally {
            unlock();
        }
    }

    private int readyMask() {
        assert lock.isHeldByCurrentThread();
        int mask = 0;
        if (queue.size() > 0) {
            mask |= POLLIN | POLLRDNORM;
        }
        if (disconnected) {
            mask |= POLLERR;
        }
        return mask;
    }

    /**
     * Whether a call may still be using this description without a descriptor: a blocked read, a parked read or
     * a poll that has not been woken (a closing descriptor's FLUSH then leaves the release to RELEASE).
     */
    public boolean waitedOn() {
        lock.lock();
        try {
            return blockedReaders > 0 || readWaiter.isPending() || pollWaiter.isPending();
        } finally {
            unlock();
        }
    }

    /** Wakes readers with ENODEV and pollers with POLLERR (daemon shutdown). */
    public void disconnect() {
        Runnable wake;
        lock.lock();
        try {
            disconnected = true;
            changed.signalAll();
            wake = takeWaiter();
        } finally {
            unlock();
        }
        wakeLater(wake);
    }

    /** The last reference closed: frees the instance and destroys the owned utimer. Idempotent. */
    public void release() {
        TimerInstance ti;
        UserTimer u;
        Runnable wake;
        lock.lock();
        try {
            if (released) {
                return;
            }
            released = true;
            ti = instance;
            instance = null;
            u = owned;
            owned = null;
            disconnected = true;
            changed.signalAll();
            wake = takeWaiter();
        } finally {
            unlock();
        }
        if (ti != null) {
            ti.close();
        }
        if (u != null) {
            core.destroyUserTimer(u);
        }
        fasync.close();
        wakeLater(wake);
    }

    // ---- TimerListener: callbacks from the timer, without timer locks ----

    @Override
    public void onTick(TimerInstance ti, long resolution, long ticks) {
        Runnable wake;
        lock.lock();
        try {
            if (ti != instance) {
                return;
            }
            boolean appended = false;
            if (queue.isTread()) {
                long now = core.clock().nanos();
                if ((filter & (1L << TimerEvent.RESOLUTION)) != 0 && lastResolution != resolution) {
                    queue.addEvent(TimerEvent.RESOLUTION, now, resolution);
                    lastResolution = resolution;
                    appended = true;
                }
                if ((filter & (1L << TimerEvent.TICK)) != 0 && ticks > 0) {
                    queue.addTreadTicks(now, ticks);
                    appended = true;
                }
            } else {
                queue.addPlainTicks(resolution, ticks);
                appended = true;
            }
            if (!appended) {
                return;
            }
            changed.signalAll();
            wake = PollWaiter.both(takeWaiter(), fasync.kill());
        } finally {
            unlock();
        }
        wakeLater(wake);
    }

    @Override
    public void onEvent(TimerInstance ti, int event, long tstamp, long resolution) {
        Runnable wake;
        lock.lock();
        try {
            if (ti != instance) {
                return; // e.g. a master's MSTOP racing this descriptor's re-SELECT of its slave
            }
            if (event >= TimerEvent.START && event <= TimerEvent.PAUSE) {
                tstampNanos = tstamp;
            }
            if ((filter & (1L << event)) == 0 || !queue.isTread()) {
                return;
            }
            queue.addEvent(event, tstamp, resolution);
            changed.signalAll();
            wake = PollWaiter.both(takeWaiter(), fasync.kill()); // snd_timer_user_ccallback signals too
        } finally {
            unlock();
        }
        wakeLater(wake);
    }

    private void unlock() {
        lock.unlock();
    }

    /** Runs {@code w} now, or at this thread's outermost unlock if it still holds the lock. */
    private void wakeLater(Runnable w) {
        lock.defer(w);
    }

    /** The parked read's retry first (it answers a waiting reader at once), then the poll notification. */
    private Runnable takeWaiter() {
        assert lock.isHeldByCurrentThread();
        return PollWaiter.both(readWaiter.take(), pollWaiter.take());
    }
}
