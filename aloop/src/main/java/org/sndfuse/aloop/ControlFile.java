package org.sndfuse.aloop;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.sndfuse.abi.StructBytes;
import org.sndfuse.abi.control.CtlElemId;
import org.sndfuse.abi.control.CtlElemInfo;
import org.sndfuse.abi.control.CtlElemValue;
import org.sndfuse.abi.control.CtlEvent;
import org.sndfuse.concurrent.PollWaiter;
import org.sndfuse.concurrent.WaitSlice;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;
import org.sndfuse.fasync.Fasync;

/**
 * One open of the card's control device, as the kernel's {@code struct snd_ctl_file} (sound/core/control.c):
 * the opener's pid and preferred PCM subdevice, the element requests (ELEM_LIST with the kernel's
 * offset/space/used/count clipping, ELEM_INFO, ELEM_READ, ELEM_WRITE), the event subscription and its queue
 * read() as snd_ctl_event records, and the poll mask. See docs/kernel-facts.md, "The control device".
 *
 * <p>The queue holds at most one event per element: a change of an element that already has an unread event
 * ORs its mask into that event (snd_ctl_notify), so the queue is bounded by the card's element count.
 *
 * <p>Lock: {@link #lock} (the kernel's read_lock) guards the subscription, the queue, the disconnected flag and
 * the poll waiter. No other lock is taken while holding it; poll waiters and O_ASYNC signals ({@link #fasync()},
 * one per event queued, as snd_ctl_notify's kill_fasync) run after it is released.
 */
public final class ControlFile {
    public static final int POLLIN = 0x001, POLLERR = 0x008, POLLRDNORM = 0x040;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final LoopbackCard card;
    private final ControlFiles files;
    private final LoopbackElements elements;
    private final int pid;
    /** Unread events by numid, oldest first; a merge keeps the event's place. */
    private final LinkedHashMap<Integer, CtlEvent> events = new LinkedHashMap<>();
    private final PollWaiter pollWaiter = new PollWaiter();
    /** A read parked by the low-level transport: one-shot, run at the next event or disconnect. */
    private final PollWaiter readWaiter = new PollWaiter();
    /** O_ASYNC registrations (snd_ctl_fasync, docs/preload.md "SIGIO"). */
    private final Fasync fasync = new Fasync();
    private boolean subscribed;
    private boolean disconnected;
    private volatile int preferredSubdevice = -1;

    ControlFile(LoopbackCard card, ControlFiles files, LoopbackElements elements, int pid) {
        this.card = card;
        this.files = files;
        this.elements = elements;
        this.pid = pid;
    }

    /** The process that opened the file (the kernel keeps {@code ctl->pid} from open). */
    public int pid() {
        return pid;
    }

    public LoopbackCard card() {
        return card;
    }

    public Fasync fasync() {
        return fasync;
    }

    // ---- PCM_PREFER_SUBDEVICE ----

    /** PCM_PREFER_SUBDEVICE: any value is stored; -1 means none. The opener's next PCM open uses it. */
    public void preferSubdevice(int subdevice) {
        preferredSubdevice = subdevice;
    }

    public int preferredSubdevice() {
        return preferredSubdevice;
    }

    // ---- elements ----

    /** ELEM_LIST's answer: the ids for the caller's array (its {@code used} entries) and the element count. */
    public record ElemList(List<CtlElemId> ids, int count) {}

    /**
     * ELEM_LIST (snd_ctl_elem_list): {@code count} is always the card's element count; ids are listed from
     * {@code offset}, at most {@code space} of them; none when space is 0 or offset is past the end.
     * Offset and space are the struct's unsigned ints.
     */
    public ElemList elemList(long offset, long space) {
        int count = elements.count();
        long used = Math.max(0, Math.min(space, count - offset));
        List<CtlElemId> ids = new ArrayList<>((int) used);
        for (int i = 0; i < used; i++) {
            ids.add(elements.id((int) (offset + i + 1)));
        }
        return new ElemList(List.copyOf(ids), count);
    }

    /** Resolves an id by numid, else by its other fields (snd_ctl_find_id); ENOENT when none matches. */
    public CtlElemId resolve(CtlElemId q) {
        return elements.resolve(q);
    }

    /** Whether a resolved element's values are enumerated items (4 bytes each in snd_ctl_elem_value). */
    public boolean enumerated(CtlElemId resolved) {
        return elements.enumerated(resolved);
    }

    /** ELEM_INFO; for an enumerated element {@code item} picks the item name to report. */
    public CtlElemInfo elemInfo(CtlElemId q, int item) {
        return elements.info(q, item);
    }

    /** ELEM_READ: the element's value under its full id. */
    public CtlElemValue elemRead(CtlElemId q) {
        CtlElemId id = resolve(q);
        return new CtlElemValue(id, elements.read(id));
    }

    /**
     * ELEM_WRITE (snd_ctl_elem_write): EPERM for a read-only element. A change is announced to every
     * subscribed file, this one included. The answer is the written value under the full id, as the kernel
     * copies the caller's struct back.
     */
    public CtlElemValue elemWrite(CtlElemValue v) {
        CtlElemId id = resolve(v.id());
        elements.write(id, v.value());
        return new CtlElemValue(id, v.value());
    }

    // ---- events ----

    /** SUBSCRIBE_EVENTS with a value ≥ 0: non-zero subscribes; 0 unsubscribes and drops unread events. */
    public void subscribe(boolean on) {
        lock.lock();
        try {
            if (!on) {
                events.clear();
            }
            subscribed = on;
        } finally {
            lock.unlock();
        }
    }

    /** SUBSCRIBE_EVENTS with a negative value asks. */
    public boolean subscribed() {
        lock.lock();
        try {
            return subscribed;
        } finally {
            lock.unlock();
        }
    }

    /** snd_ctl_notify for this file: merge into the element's unread event, or queue a new one. */
    void notify(CtlElemId id, int mask) {
        Runnable wake;
        lock.lock();
        try {
            if (!subscribed) {
                return;
            }
            events.merge(id.numid(), new CtlEvent(mask, id), (old, now) -> new CtlEvent(old.mask() | mask, old.id()));
            changed.signalAll();
            wake = PollWaiter.both(takeWaiters(), fasync.kill()); // a merged event signals too
        } finally {
            lock.unlock();
        }
        PollWaiter.run(wake);
    }

    /**
     * read() (snd_ctl_read): EBADFD unless subscribed, EINVAL for less than one event; as many whole events as
     * fit, oldest first. With none queued it waits for one (EAGAIN when non-blocking, EINTR when interrupted,
     * ENODEV once the card is gone).
     */
    public byte[] read(int size, boolean nonblocking, BooleanSupplier interrupted) {
        lock.lock();
        try {
            if (!subscribed) {
                throw new SndException(Errno.EBADFD, "not subscribed to events");
            }
            if (size < CtlEvent.SIZE) {
                throw new SndException(Errno.EINVAL, "buffer smaller than one event");
            }
            while (events.isEmpty()) {
                awaitEvent(nonblocking, interrupted);
            }
            return takeEvents(size / CtlEvent.SIZE);
        } finally {
            lock.unlock();
        }
    }

    private void awaitEvent(boolean nonblocking, BooleanSupplier interrupted) {
        assert lock.isHeldByCurrentThread();
        if (disconnected) {
            throw new SndException(Errno.ENODEV, "card disconnected");
        }
        if (nonblocking) {
            throw new SndException(Errno.EAGAIN, "no events");
        }
        if (interrupted.getAsBoolean()) {
            throw new SndException(Errno.EINTR, "interrupted");
        }
        try {
            changed.await(WaitSlice.NANOS, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SndException(Errno.EINTR, "interrupted");
        }
    }

    private byte[] takeEvents(int max) {
        assert lock.isHeldByCurrentThread();
        int n = Math.min(events.size(), max);
        StructBytes out = StructBytes.allocate(n * CtlEvent.SIZE);
        Iterator<CtlEvent> it = events.values().iterator();
        for (int i = 0; i < n; i++) {
            it.next().encode(out, i * CtlEvent.SIZE);
            it.remove();
        }
        return out.bytes();
    }

    /** Unread events now (for tests and /proc-style views). */
    public int pendingEvents() {
        lock.lock();
        try {
            return events.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * poll (snd_ctl_poll): POLLIN|POLLRDNORM while subscribed with events queued, POLLERR once the card is
     * gone. When nothing is ready, {@code waiter} runs once at the next event.
     */
    public int poll(Runnable waiter) {
        int mask;
        Runnable run;
        lock.lock();
        try {
            mask = subscribed && !events.isEmpty() ? POLLIN | POLLRDNORM : 0;
            if (disconnected) {
                mask |= POLLERR;
            }
            run = pollWaiter.register(mask, waiter);
        } finally {
            lock.unlock();
        }
        PollWaiter.run(run);
        return mask;
    }

    /**
     * For a read that waits without a thread: runs {@code retry} once at the next event or disconnect, or at
     * once when a read would not wait now (events queued, not subscribed, disconnected). A newer registration
     * replaces the older, which runs too. {@code retry} runs with {@link #lock} released.
     */
    public void onReadable(Runnable retry) {
        Runnable run;
        lock.lock();
        try {
            run = readWaiter.register(subscribed && events.isEmpty() && !disconnected ? 0 : POLLIN, retry);
        } finally {
            lock.unlock();
        }
        PollWaiter.run(run);
    }

    /** The parked read's retry first, then the poll notification; run after unlocking. */
    private Runnable takeWaiters() {
        assert lock.isHeldByCurrentThread();
        return PollWaiter.both(readWaiter.take(), pollWaiter.take());
    }

    // ---- lifetime ----

    /** The card or the daemon is going away: blocked readers fail with ENODEV, a pending poll wakes. */
    public void disconnect() {
        Runnable wake;
        lock.lock();
        try {
            disconnected = true;
            changed.signalAll();
            wake = takeWaiters();
        } finally {
            lock.unlock();
        }
        PollWaiter.run(wake);
    }

    /** snd_ctl_release: off the card's list (its preferred subdevice is forgotten), unread events dropped. */
    public void release() {
        files.remove(this);
        lock.lock();
        try {
            subscribed = false;
            events.clear();
        } finally {
            lock.unlock();
        }
        fasync.close();
    }
}
