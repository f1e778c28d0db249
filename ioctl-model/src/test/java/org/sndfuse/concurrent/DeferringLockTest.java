package org.sndfuse.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import org.junit.jupiter.api.Test;

class DeferringLockTest {
    private final DeferringLock lock = new DeferringLock();
    private final List<String> ran = new CopyOnWriteArrayList<>();

    private Runnable record(String name) {
        return () -> {
            assertFalse(lock.isHeldByCurrentThread(), name + " ran with the lock held");
            ran.add(name);
        };
    }

    @Test
    void actionsRunInOrderAtTheOutermostUnlockOnly() {
        lock.lock();
        lock.defer(record("a"));
        lock.lock();
        lock.defer(record("b"));
        lock.unlock();
        assertEquals(List.of(), ran, "inner unlock must not run anything");
        lock.defer(record("c"));
        lock.unlock();
        assertEquals(List.of("a", "b", "c"), ran);
        lock.lock();
        lock.unlock();
        assertEquals(3, ran.size(), "each action runs once");
    }

    @Test
    void urgentActionsGoAheadOfOrdinaryOnesEachKeepingItsOrder() {
        lock.lock();
        lock.defer(record("observer 1"));
        lock.deferUrgent(record("wake 1"));
        lock.defer(record("observer 2"));
        lock.deferUrgent(record("wake 2"));
        lock.deferUrgent(null);
        lock.unlock();
        assertEquals(List.of("wake 1", "wake 2", "observer 1", "observer 2"), ran);
        ran.clear();
        lock.lock();
        lock.defer(record("next observer"));
        lock.deferUrgent(record("next wake"));
        lock.unlock();
        assertEquals(List.of("next wake", "next observer"), ran, "the urgent count starts again after each unlock");
        ran.clear();
        lock.deferUrgent(record("unlocked"));
        assertEquals(List.of("unlocked"), ran, "without the lock an urgent action runs now too");
    }

    @Test
    void deferWithoutTheLockRunsNow() {
        lock.defer(record("now"));
        assertEquals(List.of("now"), ran);
        lock.defer(null);
        assertEquals(1, ran.size());
    }

    @Test
    void theRunnerGetsTheDueActionsAndMayDeferThemToAnOuterLock() {
        DeferringLock outer = new DeferringLock();
        List<List<Runnable>> batches = new ArrayList<>();
        DeferringLock inner = new DeferringLock(actions -> {
            batches.add(actions);
            actions.forEach(outer::defer);
        });
        outer.lock();
        inner.lock();
        inner.defer(() -> ran.add("x"));
        inner.unlock();
        assertEquals(1, batches.size());
        assertEquals(List.of(), ran, "held back again by the outer lock");
        outer.unlock();
        assertEquals(List.of("x"), ran);
    }

    /**
     * A thread that defers and then waits on a condition must not leave its actions to the next thread that
     * unlocks: they run on the deferring thread, without the lock, before it waits.
     */
    @Test
    void aWaitingThreadsActionsAreNeverRunByAnotherThread() throws Exception {
        Condition cond = lock.newCondition();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        CountDownLatch waiting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread a = new Thread(() -> {
            lock.lock();
            try {
                lock.lock(); // nested: the wait releases both holds
                try {
                    lock.defer(() -> {
                        assertFalse(lock.isHeldByCurrentThread());
                        ranOn.set(Thread.currentThread());
                    });
                    waiting.countDown();
                    while (release.getCount() > 0) {
                        cond.awaitNanos(TimeUnit.MILLISECONDS.toNanos(20));
                    }
                    assertEquals(2, holdCountOf(lock));
                } finally {
                    lock.unlock();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lock.unlock();
            }
        }, "deferring-waiter");
        a.start();
        assertTrue(waiting.await(5, TimeUnit.SECONDS));
        // This thread takes the lock while A waits, then unlocks at hold count 1.
        for (int i = 0; i < 20; i++) {
            lock.lock();
            lock.unlock();
            Thread.sleep(1);
        }
        release.countDown();
        lock.lock();
        try {
            cond.signalAll();
        } finally {
            lock.unlock();
        }
        a.join(5000);
        assertFalse(a.isAlive());
        assertSame(a, ranOn.get(), "the action ran on another thread than the one that deferred it");
    }

    @Test
    void aWaitWithHeldBackActionsRunsThemFirstAndReturnsForARecheck() throws Exception {
        Condition cond = lock.newCondition();
        lock.lock();
        try {
            lock.defer(record("woken"));
            long left = cond.awaitNanos(TimeUnit.SECONDS.toNanos(10));
            assertTrue(left > 0, "returns at once, as a spurious wake-up");
            assertEquals(List.of("woken"), ran);
            assertTrue(lock.isHeldByCurrentThread());
            // With nothing held back, the wait really waits (and times out).
            assertTrue(cond.awaitNanos(TimeUnit.MILLISECONDS.toNanos(5)) <= 0);
        } finally {
            lock.unlock();
        }
        assertEquals(1, ran.size());
    }

    private static int holdCountOf(DeferringLock l) {
        // The hold count is not exposed; count how many unlocks keep it held.
        int n = 0;
        while (l.isHeldByCurrentThread()) {
            l.unlock();
            n++;
        }
        for (int i = 0; i < n; i++) {
            l.lock();
        }
        return n;
    }
}
