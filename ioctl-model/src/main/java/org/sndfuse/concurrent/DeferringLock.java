package org.sndfuse.concurrent;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A reentrant lock that holds back actions (wake-ups of poll waiters, observer events) until the thread's
 * outermost unlock, so they never run with the lock held: an action may then take other locks or call back in.
 *
 * <p>Guarantees. (1) An action deferred by a thread is handed to the runner by that same thread, after it has
 * released the lock: at its outermost {@link #unlock()}, or, if it waits on a {@link #newCondition() condition}
 * first, before it waits. (2) Actions reach the runner in the order they were deferred, except that those deferred
 * with {@link #deferUrgent} (a waiting client's wake-up) go ahead of the others, in their own order. (3)
 * {@link #defer} without the lock held runs the action at once. The held-back list therefore only ever holds the current owner's actions:
 * every way of releasing the lock (outermost unlock, condition wait) empties it first. A plain ReentrantLock
 * condition would release the lock with the list full, and the next thread's outermost unlock would run them.
 */
public final class DeferringLock {
    private final ReentrantLock lock = new ReentrantLock();
    /** The owner's held-back actions, urgent ones first; guarded by {@link #lock}. */
    private final List<Runnable> deferred = new ArrayList<>();
    /** How many of {@link #deferred} are urgent (at its head); guarded by {@link #lock}. */
    private int urgent;
    private final Consumer<List<Runnable>> runner;
    private final Holding holding;

    /**
     * What an owner does each time the lock is taken or let go by a thread (outermost lock and unlock, and
     * around a condition wait): for state that others change without the lock, which must be read after taking
     * it and published before letting it go (LoopbackCable: the mapped status and control pages). Both run
     * with the lock held.
     */
    public interface Holding {
        void taken();

        void lettingGo();

        Holding NONE = new Holding() {
            @Override
            public void taken() {}

            @Override
            public void lettingGo() {}
        };
    }

    /** Actions run one by one on the unlocking thread. */
    public DeferringLock() {
        this(actions -> actions.forEach(Runnable::run));
    }

    /**
     * {@code runner} receives the actions due at each outermost unlock, on the unlocking thread and without this
     * lock held (it may defer them further, e.g. to an outer DeferringLock the thread still holds).
     */
    public DeferringLock(Consumer<List<Runnable>> runner) {
        this(runner, Holding.NONE);
    }

    /** As {@link #DeferringLock(Consumer)}, with {@code holding} run at every outermost lock and unlock. */
    public DeferringLock(Consumer<List<Runnable>> runner, Holding holding) {
        this.runner = runner;
        this.holding = holding;
    }

    public void lock() {
        lock.lock();
        if (lock.getHoldCount() == 1) {
            try {
                holding.taken();
            } catch (RuntimeException | Error e) {
                lock.unlock(); // never leave the lock held by a lock() that failed
                throw e;
            }
        }
    }

    /** Unlocks; the outermost unlock hands this thread's held-back actions to the runner once the lock is free. */
    public void unlock() {
        List<Runnable> due = null;
        if (lock.getHoldCount() == 1) {
            try {
                holding.lettingGo();
            } finally {
                due = takeDeferred();
                lock.unlock();
            }
        } else {
            lock.unlock();
        }
        if (due != null) {
            runner.accept(due);
        }
    }

    /** Runs {@code action} after this thread's outermost unlock (or before it waits), or now when not held. */
    public void defer(Runnable action) {
        hold(action, false);
    }

    /** Runs {@code body} with the lock held: the one lock/unlock wrapper its owners use. */
    public <T> T locked(Supplier<T> body) {
        lock();
        try {
            return body.get();
        } finally {
            unlock();
        }
    }

    public void locked(Runnable body) {
        lock();
        try {
            body.run();
        } finally {
            unlock();
        }
    }

    /**
     * As {@link #defer}, ahead of the ordinary actions held back: for the wake-up of a client that waits (a parked
     * request's retry, a poll notification), whose latency is the point, before observers and bookkeeping.
     */
    public void deferUrgent(Runnable action) {
        hold(action, true);
    }

    /** Holds {@code action} back (urgent ones after the urgent ones held, before the rest), or runs it now. */
    private void hold(Runnable action, boolean isUrgent) {
        if (action == null) {
            return;
        }
        if (!lock.isHeldByCurrentThread()) {
            runner.accept(List.of(action));
        } else if (isUrgent) {
            deferred.add(urgent++, action);
        } else {
            deferred.add(action);
        }
    }

    public boolean isHeldByCurrentThread() {
        return lock.isHeldByCurrentThread();
    }

    /** A condition whose waits first release the lock and run this thread's held-back actions. */
    public Condition newCondition() {
        return new DrainingCondition(lock.newCondition());
    }

    /** Lock held. Null when nothing is held back. */
    private List<Runnable> takeDeferred() {
        assert lock.isHeldByCurrentThread();
        if (deferred.isEmpty()) {
            return null;
        }
        List<Runnable> due = new ArrayList<>(deferred);
        deferred.clear();
        urgent = 0;
        return due;
    }

    /**
     * Before a wait: if this thread has held-back actions, releases every hold, runs them, re-takes the holds and
     * reports true; the wait then returns at once, as a spurious wake-up, because what it waits for may have
     * happened while the lock was free (every caller re-checks its condition in a loop).
     */
    private boolean drainBeforeWait() {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException();
        }
        List<Runnable> due = takeDeferred();
        if (due == null) {
            return false;
        }
        int holds = lock.getHoldCount();
        holding.lettingGo();
        for (int i = 0; i < holds; i++) {
            lock.unlock();
        }
        try {
            runner.accept(due);
        } finally {
            for (int i = 0; i < holds; i++) {
                lock.lock();
            }
            holding.taken();
        }
        return true;
    }

    /** One of the inner condition's waits. */
    private interface Wait<T> {
        T await() throws InterruptedException;
    }

    /** An inner wait with the holding hooks around it: the lock is let go while it waits. */
    private <T> T waitLettingGo(Wait<T> wait) throws InterruptedException {
        holding.lettingGo();
        try {
            return wait.await();
        } finally {
            holding.taken();
        }
    }

    private final class DrainingCondition implements Condition {
        private final Condition inner;

        DrainingCondition(Condition inner) {
            this.inner = inner;
        }

        @Override
        public void await() throws InterruptedException {
            if (!drainBeforeWait()) {
                waitLettingGo(() -> {
                    inner.await();
                    return null;
                });
            }
        }

        @Override
        public void awaitUninterruptibly() {
            if (!drainBeforeWait()) {
                holding.lettingGo();
                try {
                    inner.awaitUninterruptibly();
                } finally {
                    holding.taken();
                }
            }
        }

        @Override
        public long awaitNanos(long nanosTimeout) throws InterruptedException {
            return drainBeforeWait() ? nanosTimeout : waitLettingGo(() -> inner.awaitNanos(nanosTimeout));
        }

        @Override
        public boolean await(long time, TimeUnit unit) throws InterruptedException {
            return drainBeforeWait() || waitLettingGo(() -> inner.await(time, unit));
        }

        @Override
        public boolean awaitUntil(Date deadline) throws InterruptedException {
            return drainBeforeWait() || waitLettingGo(() -> inner.awaitUntil(deadline));
        }

        @Override
        public void signal() {
            inner.signal();
        }

        @Override
        public void signalAll() {
            inner.signalAll();
        }
    }
}
