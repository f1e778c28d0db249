package org.sndfuse.timer;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import org.sndfuse.abi.timer.TimerEvent;
import org.sndfuse.abi.timer.TimerGinfo;
import org.sndfuse.abi.timer.TimerGstatus;
import org.sndfuse.abi.timer.TimerId;
import org.sndfuse.abi.timer.TimerInfo;
import org.sndfuse.clock.Clock;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

/**
 * The registry of timers (sound/core/timer.c's global list): lookup, NEXT_DEVICE enumeration, the GINFO /
 * GPARAMS / GSTATUS queries, opening instances (masters on a timer, and slave-class instances that link to a
 * master by slave class and id, see {@link TimerInstance}), and the lifetime of userspace-driven timers.
 *
 * <p>Lock order: a {@link TimerUser}'s lock, then this core's {@link #lock}, then a timer's lock. The core's lock
 * (the kernel's register_mutex and slave_active_lock in one) guards the timer list, the utimer ids, the slaves waiting
 * for a master, the slave count and every slave link. It is package-private: instances take it for their links.
 * No callback (listener, observer) runs with either lock held.
 */
public final class TimerCore {
    private final Clock clock;
    final ReentrantLock lock = new ReentrantLock();
    private final TimerList timers = new TimerList();
    private final UserTimer[] userTimers = new UserTimer[UserTimer.MAX_TIMERS];
    private final List<TimerCoreObserver> observers = new CopyOnWriteArrayList<>();
    /** Slave instances linked to no master (the kernel's snd_timer_slave_list), in open order. */
    private final List<TimerInstance> pendingSlaves = new ArrayList<>();
    /** Open slave instances, linked or not. */
    private int numSlaves;

    /** Most slave instances open at once, system-wide (the kernel's MAX_SLAVE_INSTANCES). */
    public static final int MAX_SLAVE_INSTANCES = 1000;

    public TimerCore(Clock clock, int hz) {
        this.clock = clock;
        register(new SystemTimer(clock, hz));
        register(new HrTimer(clock));
    }

    public Clock clock() {
        return clock;
    }

    public void addObserver(TimerCoreObserver o) {
        observers.add(o);
    }

    public void removeObserver(TimerCoreObserver o) {
        observers.remove(o);
    }

    /** Adds a timer in the kernel's sort order; EBUSY if one with the same id exists. */
    public void register(Timer t) {
        lock.lock();
        try {
            timers.add(t);
            t.setRegistered(true);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes a timer. Instances still open on it are detached, as snd_timer_free() does: they stay open
     * but no longer tick, INFO/PARAMS then fail with EBADFD and START with EINVAL. Slaves linked to them go back
     * to waiting for a master (the kernel leaves them pointing at the freed timer; sndfuse unlinks them as a
     * master close does).
     */
    public void unregister(Timer t) {
        List<TimerInstance> detached;
        lock.lock();
        try {
            if (!timers.remove(t)) {
                return;
            }
            t.setRegistered(false);
            t.lock.lock();
            try {
                detached = new ArrayList<>(t.open);
                for (TimerInstance ti : detached) {
                    ti.stopQuietly(t);
                    unlinkSlaves(ti, t);
                    ti.timer = null;
                }
                t.open.clear();
                t.active.clear();
                t.running = 0;
                t.hwStop();
            } finally {
                t.lock.unlock();
            }
        } finally {
            lock.unlock();
        }
        for (TimerInstance ti : detached) {
            ti.deliverGone();
        }
    }

    /** Exact-match lookup (the card is compared only for card and PCM classes), or null. */
    public Timer find(TimerId id) {
        lock.lock();
        try {
            return timers.find(id);
        } finally {
            lock.unlock();
        }
    }

    public List<Timer> timers() {
        lock.lock();
        try {
            return timers.snapshot();
        } finally {
            lock.unlock();
        }
    }

    /** NEXT_DEVICE's walk (snd_timer_user_next_device(), docs/kernel-facts.md T6). */
    public TimerId nextDevice(TimerId id) {
        lock.lock();
        try {
            return timers.next(id);
        } finally {
            lock.unlock();
        }
    }

    /** The timer {@code id} names; ENODEV if none (snd_timer_find()). */
    private Timer require(TimerId id) {
        Timer t = find(id);
        if (t == null) {
            throw new SndException(Errno.ENODEV, "no timer " + id.shortName());
        }
        return t;
    }

    public TimerGinfo ginfo(TimerId id) {
        Timer t = require(id);
        return new TimerGinfo(id, t.isSlave() ? TimerInfo.FLG_SLAVE : 0, t.id().card(), t.idString(), t.name(),
                t.resolution(), t.resolutionMin(), t.resolutionMax(), t.clients());
    }

    /** GPARAMS: none of the emulated timers has a set-period hook, so an existing idle timer gives ENOSYS. */
    public void gparams(TimerId id) {
        Timer t = require(id);
        if (t.clients() > 0) {
            throw new SndException(Errno.EBUSY, "timer has open instances");
        }
        throw new SndException(Errno.ENOSYS, "timer period cannot be set");
    }

    public TimerGstatus gstatus(TimerId id) {
        Timer t = require(id);
        long[] precise = t.preciseResolution();
        return new TimerGstatus(id, t.resolution(), precise[0], precise[1]);
    }

    public TimerInfo info(Timer t) {
        return new TimerInfo(t.isSlave() ? TimerInfo.FLG_SLAVE : 0, t.id().card(), t.idString(), t.name(),
                t.resolution());
    }

    /**
     * Opens an instance for a kernel-internal user (snd_timer_open): a master on {@code id} that slaves never
     * link to, or, for class SLAVE, a slave instance as in {@link #open(TimerId, String, TimerListener, int)}.
     */
    public TimerInstance open(TimerId id, String owner, TimerListener listener) {
        return open(id, owner, listener, 0, false);
    }

    /**
     * Opens an instance (snd_timer_open). For class SLAVE: EINVAL unless dev_sclass is 1..3, EBUSY with
     * {@link #MAX_SLAVE_INSTANCES} slaves open; the slave links by (dev_sclass, device) to the first matching
     * master. Otherwise a master on the timer {@code id} names, linking by (dev_sclass, {@code slaveId}) and
     * adopting every waiting slave that matches: ENODEV if the timer is absent, EBUSY if an exclusive instance
     * holds it or it has {@link Timer#maxInstances()} instances (linked slaves count).
     */
    public TimerInstance open(TimerId id, String owner, TimerListener listener, int slaveId) {
        return open(id, owner, listener, slaveId, true);
    }

    private TimerInstance open(TimerId id, String owner, TimerListener listener, int slaveId, boolean linking) {
        if (id.devClass() == TimerId.CLASS_SLAVE) {
            return openSlave(id, owner, listener);
        }
        lock.lock();
        try {
            Timer t = require(id);
            t.lock.lock();
            try {
                if (!t.open.isEmpty() && t.open.get(0).isExclusive()) {
                    throw new SndException(Errno.EBUSY, "timer is held exclusively");
                }
                if (t.numInstances() >= t.maxInstances()) {
                    throw new SndException(Errno.EBUSY, "too many instances");
                }
                int slaveClass = linking ? id.devSclass() : TimerId.SCLASS_NONE;
                TimerInstance ti = new TimerInstance(this, t, owner, listener, false, slaveClass, slaveId);
                t.open.add(ti);
                // snd_timer_check_master(): adopt the waiting slaves of this class and id.
                boolean full = false;
                for (Iterator<TimerInstance> it = pendingSlaves.iterator(); it.hasNext(); ) {
                    TimerInstance s = it.next();
                    if (!ti.matchesSlave(s)) {
                        continue;
                    }
                    if (t.numInstances() >= t.maxInstances()) {
                        full = true;
                        break;
                    }
                    it.remove();
                    link(ti, s, t);
                }
                if (full) {
                    ti.markClosed();
                    t.open.remove(ti);
                    unlinkSlaves(ti, t);
                    throw new SndException(Errno.EBUSY, "too many instances to link the waiting slaves");
                }
                return ti;
            } finally {
                t.lock.unlock();
            }
        } finally {
            lock.unlock();
        }
    }

    private TimerInstance openSlave(TimerId id, String owner, TimerListener listener) {
        int sclass = id.devSclass();
        if (sclass <= TimerId.SCLASS_NONE || sclass > TimerId.SCLASS_OSS_SEQUENCER) {
            throw new SndException(Errno.EINVAL, "invalid slave class " + sclass);
        }
        lock.lock();
        try {
            if (numSlaves >= MAX_SLAVE_INSTANCES) {
                throw new SndException(Errno.EBUSY, "too many slave instances");
            }
            TimerInstance s = new TimerInstance(this, null, owner, listener, true, sclass, id.device());
            // snd_timer_check_slave(): the first matching master of any timer, in list order.
            for (Timer t : timers) {
                t.lock.lock();
                try {
                    for (TimerInstance m : t.open) {
                        if (!m.matchesSlave(s)) {
                            continue;
                        }
                        if (t.numInstances() >= t.maxInstances()) {
                            throw new SndException(Errno.EBUSY, "master timer has too many instances");
                        }
                        link(m, s, t);
                        numSlaves++;
                        return s;
                    }
                } finally {
                    t.lock.unlock();
                }
            }
            pendingSlaves.add(s);
            numSlaves++;
            return s;
        } finally {
            lock.unlock();
        }
    }

    /** Links slave {@code s} to master {@code m} on {@code t}. Core and timer locks held. */
    private void link(TimerInstance m, TimerInstance s, Timer t) {
        assert lock.isHeldByCurrentThread() && t.lock.isHeldByCurrentThread();
        m.slaves.add(s);
        t.linkedSlaves++;
        s.master = m;
        s.timer = t;
        if (s.running) {
            m.activeSlaves.add(s);
        }
    }

    /**
     * Sends every slave of {@code m} back to waiting (remove_slave_links()); they keep their running flag and
     * are adopted, still running, by the next matching master. Core and timer locks held.
     */
    private void unlinkSlaves(TimerInstance m, Timer t) {
        assert lock.isHeldByCurrentThread() && t.lock.isHeldByCurrentThread();
        for (TimerInstance s : m.slaves) {
            t.linkedSlaves--;
            s.master = null;
            s.timer = null;
            pendingSlaves.add(s);
        }
        m.slaves.clear();
        m.activeSlaves.clear();
    }

    /** Open slave instances, linked or waiting. */
    public int slaveCount() {
        lock.lock();
        try {
            return numSlaves;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes an instance (snd_timer_close), quietly for the instance itself. A master that was running tells
     * its running slaves MSTOP (as the kernel's stop on close does), then its slaves go back to waiting.
     */
    void close(TimerInstance ti) {
        List<TimerInstance> toldSlaves = List.of();
        lock.lock();
        try {
            if (ti.isSlave()) {
                closeSlave(ti);
                return;
            }
            Timer t = ti.timer;
            if (t == null) {
                return;
            }
            t.lock.lock();
            try {
                if (ti.timer != t || !ti.markClosed()) {
                    return;
                }
                if (ti.running || ti.startPending) {
                    toldSlaves = ti.masterEventTargets(t);
                }
                ti.stopQuietly(t);
                t.open.remove(ti);
                unlinkSlaves(ti, t);
            } finally {
                t.lock.unlock();
            }
        } finally {
            lock.unlock();
        }
        if (!toldSlaves.isEmpty()) {
            long now = clock.nanos();
            for (TimerInstance s : toldSlaves) {
                s.deliverEvent(TimerEvent.MSTOP, now, 0);
            }
        }
    }

    /** Core lock held. */
    private void closeSlave(TimerInstance s) {
        assert lock.isHeldByCurrentThread();
        if (!s.markClosed()) {
            return;
        }
        numSlaves--;
        s.running = false;
        TimerInstance m = s.master;
        Timer t = s.timer;
        if (m != null && t != null) {
            t.lock.lock();
            try {
                m.slaves.remove(s);
                m.activeSlaves.remove(s);
                t.linkedSlaves--;
                s.master = null;
                s.timer = null;
            } finally {
                t.lock.unlock();
            }
        } else {
            pendingSlaves.remove(s);
        }
    }

    /** CREATE: a new utimer with the lowest free id; EINVAL for resolution 0, ENOSPC when all 128 are taken. */
    public UserTimer createUserTimer(long resolution, Object owner) {
        if (resolution == 0) {
            throw new SndException(Errno.EINVAL, "resolution must be > 0");
        }
        UserTimer u;
        lock.lock();
        try {
            int id = 0;
            while (id < userTimers.length && userTimers[id] != null) {
                id++;
            }
            if (id == userTimers.length) {
                throw new SndException(Errno.ENOSPC, "all " + UserTimer.MAX_TIMERS + " utimer ids are in use");
            }
            u = new UserTimer(this, id, resolution, owner);
            userTimers[id] = u;
            register(u);
        } finally {
            lock.unlock();
        }
        for (TimerCoreObserver o : observers) {
            o.userTimerCreated(u);
        }
        return u;
    }

    /** Frees a utimer and its id (the release of its owner descriptor). */
    public void destroyUserTimer(UserTimer u) {
        unregister(u);
        lock.lock();
        try {
            if (userTimers[u.number()] == u) {
                userTimers[u.number()] = null;
            }
        } finally {
            lock.unlock();
        }
        for (TimerCoreObserver o : observers) {
            o.userTimerDestroyed(u);
        }
    }

    public UserTimer userTimer(int id) {
        lock.lock();
        try {
            return id >= 0 && id < userTimers.length ? userTimers[id] : null;
        } finally {
            lock.unlock();
        }
    }

    /** Reports a trigger to observers (event stream, statistics). */
    void triggered(UserTimer u) {
        for (TimerCoreObserver o : observers) {
            o.userTimerTriggered(u);
        }
    }
}
