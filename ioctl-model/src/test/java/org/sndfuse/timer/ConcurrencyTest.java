package org.sndfuse.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sndfuse.timer.TimerTestSupport.AUTO;
import static org.sndfuse.timer.TimerTestSupport.F_START;
import static org.sndfuse.timer.TimerTestSupport.F_STOP;
import static org.sndfuse.timer.TimerTestSupport.F_TICK;
import static org.sndfuse.timer.TimerTestSupport.SYSTEM;
import static org.sndfuse.timer.TimerTestSupport.UTIMER_RES;
import static org.sndfuse.timer.TimerTestSupport.drainTicks;
import static org.sndfuse.timer.TimerTestSupport.newUser;
import static org.sndfuse.timer.TimerTestSupport.params;
import static org.sndfuse.timer.TimerTestSupport.plainListener;
import static org.sndfuse.timer.TimerTestSupport.utimer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sndfuse.abi.timer.TimerRead;
import org.sndfuse.clock.VirtualClock;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

/** Counts stay exact and nothing deadlocks when triggers, reads and ioctls race (bounded waits, no timing asserts). */
class ConcurrencyTest {
    private TimerCore core;
    private TimerUser owner;
    private ExecutorService pool;
    private final AtomicBoolean stop = new AtomicBoolean();

    @BeforeEach
    void setUp() {
        core = new TimerCore(new VirtualClock(), 250);
        owner = newUser(core);
        owner.create(UTIMER_RES);
        pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-worker");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        stop.set(true);
        pool.shutdownNow();
        pool.awaitTermination(30, TimeUnit.SECONDS);
    }

    @Test
    void concurrentTriggersAndBlockingReadersCountExactly() throws Exception {
        final int triggerThreads = 4;
        final int perThread = 500;
        final long expected = (long) triggerThreads * perThread;
        List<TimerUser> listeners = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            listeners.add(plainListener(core, 0));
        }
        owner.trigger(); // warm-up: all listeners join
        for (TimerUser l : listeners) {
            drainTicks(l);
        }
        List<CompletableFuture<Long>> readers = new ArrayList<>();
        for (TimerUser l : listeners) {
            readers.add(CompletableFuture.supplyAsync(() -> {
                long sum = 0;
                while (sum < expected) {
                    byte[] b = l.read(8 * 16, false, stop::get);
                    for (int off = 0; off < b.length; off += 8) {
                        sum += TimerRead.decode(java.util.Arrays.copyOfRange(b, off, off + 8)).ticks();
                    }
                }
                return sum;
            }, pool));
        }
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Void>> triggers = new ArrayList<>();
        for (int t = 0; t < triggerThreads; t++) {
            triggers.add(CompletableFuture.runAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                for (int i = 0; i < perThread; i++) {
                    owner.trigger();
                }
            }, pool));
        }
        go.countDown();
        CompletableFuture.allOf(triggers.toArray(CompletableFuture<?>[]::new)).get(60, TimeUnit.SECONDS);
        for (CompletableFuture<Long> r : readers) {
            assertEquals(expected, r.get(60, TimeUnit.SECONDS));
        }
        for (TimerUser l : listeners) {
            assertEquals(0, drainTicks(l), "nothing beyond the expected count");
        }
    }

    @Test
    void startStopRacingTriggersDoesNotDeadlock() throws Exception {
        TimerUser steady = plainListener(core, 0);
        TimerUser flappy = newUser(core);
        flappy.tread(1);
        flappy.select(utimer(0));
        flappy.params(params(AUTO, 1, 1024, F_START | F_STOP | F_TICK));
        CompletableFuture<Void> toggler = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 2000; i++) {
                flappy.start();
                try {
                    flappy.stop();
                } catch (SndException e) {
                    if (e.errno() != Errno.EBUSY) {
                        throw e;
                    }
                }
                if (i % 64 == 0) {
                    try {
                        flappy.read(32 * 1024, true, () -> false);
                    } catch (SndException e) {
                        // EAGAIN
                    }
                }
            }
        }, pool);
        CompletableFuture<Void> trigger = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 3000; i++) {
                owner.trigger();
            }
        }, pool);
        CompletableFuture<Void> poller = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 3000; i++) {
                steady.poll(() -> { });
                flappy.poll(() -> { });
                flappy.status();
            }
        }, pool);
        CompletableFuture.allOf(toggler, trigger, poller).get(120, TimeUnit.SECONDS);
        assertEquals(3000, drainTicks(steady));
    }

    @Test
    void selectReleaseRacingTheSystemClock() throws Exception {
        VirtualClock clock = (VirtualClock) core.clock();
        CompletableFuture<Void> advancer = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 2000; i++) {
                clock.advance(4_000_000L);
            }
        }, pool);
        CompletableFuture<Void> churn = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 500; i++) {
                TimerUser u = newUser(core);
                u.select(SYSTEM);
                u.params(params(AUTO, 1));
                u.start();
                drainTicks(u);
                u.release();
            }
        }, pool);
        CompletableFuture.allOf(advancer, churn).get(120, TimeUnit.SECONDS);
        assertEquals(0, core.ginfo(SYSTEM).clients());
        clock.advance(1_000_000_000L);
        assertEquals(0, clock.pending(), "the system timer idles once every client is gone");
    }

    @Test
    void createAndDestroyRacingListeners() throws Exception {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            all.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 200; i++) {
                    TimerUser o = newUser(core);
                    UserTimer t = o.create(UTIMER_RES);
                    TimerUser l = plainListener(core, t.number());
                    o.trigger();
                    assertEquals(1, drainTicks(l));
                    o.release();
                    l.release();
                }
            }, pool));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture<?>[]::new)).get(120, TimeUnit.SECONDS);
        // Only the fixture's utimer 0 is left.
        assertEquals(1, core.timers().stream().filter(t -> t instanceof UserTimer).count());
        assertEquals(1, newUser(core).create(UTIMER_RES).number());
    }
}
