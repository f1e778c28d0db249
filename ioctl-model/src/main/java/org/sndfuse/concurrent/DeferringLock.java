package org.sndfuse.concurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A reentrant lock that holds back actions (wake-ups of poll waiters, observer events) until the thread's
 * outermost unlock, so they never run with the lock held: an action may then take other locks or call back in.
 */
public final class DeferringLock {
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Runnable> deferred = new ArrayList<>();
    private final Consumer<List<Runnable>> runner;

    /** Actions run one by one on the unlocking thread. */
    public DeferringLock() {
        this(actions -> actions.forEach(Runnable::run));
    }

    /** {@code runner} receives the actions due at each outermost unlock (it may defer them further). */
    public DeferringLock(Consumer<List<Runnable>> runner) {
        this.runner = runner;
    }

    public void lock() {
        lock.lock();
    }

    /** Unlocks; the outermost unlock hands the held-back actions to the runner once the lock is free. */
    public void unlock() {
        List<Runnable> due = null;
        if (lock.getHoldCount() == 1 && !deferred.isEmpty()) {
            due = new ArrayList<>(deferred);
            deferred.clear();
        }
        lock.unlock();
        if (due != null) {
            runner.accept(due);
        }
    }

    /** Runs {@code action} after this thread's outermost unlock, or now when the lock is not held. */
    public void defer(Runnable action) {
        if (action == null) {
            return;
        }
        if (lock.isHeldByCurrentThread()) {
            deferred.add(action);
        } else {
            runner.accept(List.of(action));
        }
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

    public boolean isHeldByCurrentThread() {
        return lock.isHeldByCurrentThread();
    }

    public Condition newCondition() {
        return lock.newCondition();
    }
}
