package org.sndfuse.timer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sndfuse.timer.TimerTestSupport.AUTO;
import static org.sndfuse.timer.TimerTestSupport.EARLY;
import static org.sndfuse.timer.TimerTestSupport.F_START;
import static org.sndfuse.timer.TimerTestSupport.F_STOP;
import static org.sndfuse.timer.TimerTestSupport.UTIMER_RES;
import static org.sndfuse.timer.TimerTestSupport.assertErrno;
import static org.sndfuse.timer.TimerTestSupport.awaitBlocked;
import static org.sndfuse.timer.TimerTestSupport.newUser;
import static org.sndfuse.timer.TimerTestSupport.params;
import static org.sndfuse.timer.TimerTestSupport.plainListener;
import static org.sndfuse.timer.TimerTestSupport.readPlain;
import static org.sndfuse.timer.TimerTestSupport.utimer;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sndfuse.abi.timer.TimerEvent;
import org.sndfuse.abi.timer.TimerRead;
import org.sndfuse.abi.timer.TimerTread;
import org.sndfuse.clock.VirtualClock;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

/** read() and poll() of a timer descriptor (docs/kernel-facts.md T4). */
class ReadPollTest {
    private static final int POLLIN_RDNORM = TimerUser.POLLIN | TimerUser.POLLRDNORM;

    private TimerCore core;
    private TimerUser owner;
    private Reader reader;
    private Reader reader2;

    @BeforeEach
    void setUp() {
        core = new TimerCore(new VirtualClock(), 250);
        owner = newUser(core);
        owner.create(UTIMER_RES);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        for (Reader r : new Reader[] {reader, reader2}) {
            if (r != null && r.thread.isAlive()) {
                r.stop.set(true);
                r.thread.join(TimeUnit.SECONDS.toMillis(30));
            }
        }
    }

    /** A blocking read on its own thread. */
    private static final class Reader {
        final CompletableFuture<Object> result = new CompletableFuture<>();
        final AtomicBoolean stop = new AtomicBoolean();
        final Thread thread;

        Reader(TimerUser u, int count, BooleanSupplier interrupted) {
            thread = new Thread(() -> {
                try {
                    result.complete(u.read(count, false, () -> stop.get() || interrupted.getAsBoolean()));
                } catch (Throwable t) {
                    result.complete(t);
                }
            }, "test-reader");
            thread.setDaemon(true);
            thread.start();
        }

        Object await() throws Exception {
            return result.get(30, TimeUnit.SECONDS);
        }
    }

    /** Whether another thread can poll {@code u} (i.e. take its lock) within a generous bound. */
    private static boolean pollsFromAnotherThread(TimerUser u) {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        Thread t = new Thread(() -> f.complete(u.poll(null)), "test-poller");
        t.setDaemon(true);
        t.start();
        try {
            f.get(5, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static TimerTread tread(byte[] b, int index) {
        return TimerTread.decode(java.util.Arrays.copyOfRange(b, index * 32, index * 32 + 32));
    }

    private TimerUser treadUser(long filter) {
        TimerUser u = newUser(core);
        u.tread(1);
        u.select(utimer(0));
        u.params(params(AUTO, 1, 0, filter));
        return u;
    }

    @Nested
    class Read {
        @Test
        void countBelowOneRecordReturnsNothingAtOnce() {
            TimerUser plain = plainListener(core, 0);
            assertEquals(0, plain.read(7, false, () -> false).length);
            assertEquals(0, plain.read(0, false, () -> false).length);
            TimerUser t = treadUser(F_START);
            t.start();
            assertEquals(0, t.read(31, false, () -> false).length);
            assertEquals(0, t.read(8, true, () -> false).length);
            assertEquals(1, t.status().queue(), "the queued record stays");
        }

        @Test
        void nonblockingEmptyIsEagain() {
            TimerUser plain = plainListener(core, 0);
            assertErrno(Errno.EAGAIN, () -> plain.read(8, true, () -> false));
            TimerUser t = treadUser(F_START);
            assertErrno(Errno.EAGAIN, () -> t.read(32, true, () -> false));
            TimerUser unselected = newUser(core);
            assertErrno(Errno.EAGAIN, () -> unselected.read(8, true, () -> false));
        }

        @Test
        void wholeRecordsOnly() {
            TimerUser t = treadUser(F_START | F_STOP);
            t.start();
            t.stop();
            t.start();
            t.stop();
            t.start();
            byte[] b = t.read(32 * 3 + 20, true, () -> false);
            assertEquals(96, b.length);
            assertEquals(TimerEvent.START, tread(b, 0).event());
            assertEquals(TimerEvent.STOP, tread(b, 1).event());
            assertEquals(TimerEvent.START, tread(b, 2).event());
            assertEquals(2, t.status().queue());
        }

        @Test
        void blockingReadReturnsWhatIsQueuedWithoutWaitingForMore() {
            TimerUser u = plainListener(core, 0);
            owner.trigger();
            byte[] b = u.read(8 * 100, false, () -> false);
            assertArrayEquals(new TimerRead(UTIMER_RES, 1).encode(), b);
        }

        @Test
        void blockedReadReturnsAfterTriggerFromAnotherThread() throws Exception {
            TimerUser u = plainListener(core, 0);
            reader = new Reader(u, 64, () -> false);
            awaitBlocked(reader.thread);
            CompletableFuture.runAsync(owner::trigger).get(30, TimeUnit.SECONDS);
            Object r = reader.await();
            assertInstanceOf(byte[].class, r);
            assertArrayEquals(new TimerRead(UTIMER_RES, 1).encode(), (byte[]) r);
        }

        @Test
        void blockedTreadReadWokenByStateEvent() throws Exception {
            TimerUser t = treadUser(F_START);
            reader = new Reader(t, 32, () -> false);
            awaitBlocked(reader.thread);
            CompletableFuture.runAsync(t::start).get(30, TimeUnit.SECONDS);
            Object r = reader.await();
            assertInstanceOf(byte[].class, r);
            assertEquals(TimerEvent.START, tread((byte[]) r, 0).event());
        }

        @Test
        void twoBlockedReadersOneRecordEach() throws Exception {
            TimerUser u = plainListener(core, 0);
            reader = new Reader(u, 8, () -> false);
            reader2 = new Reader(u, 8, () -> false);
            awaitBlocked(reader.thread);
            awaitBlocked(reader2.thread);
            owner.trigger();
            CompletableFuture.anyOf(reader.result, reader2.result).get(30, TimeUnit.SECONDS);
            assertTrue(reader.result.isDone() ^ reader2.result.isDone(), "exactly one reader got the record");
            owner.trigger();
            assertInstanceOf(byte[].class, reader.await());
            assertInstanceOf(byte[].class, reader2.await());
            assertEquals(8, ((byte[]) reader.await()).length);
            assertEquals(8, ((byte[]) reader2.await()).length);
        }

        @Test
        void interruptedSupplierGivesEintr() throws Exception {
            TimerUser u = plainListener(core, 0);
            AtomicBoolean signal = new AtomicBoolean();
            reader = new Reader(u, 8, signal::get);
            awaitBlocked(reader.thread);
            signal.set(true);
            Object r = reader.await();
            assertInstanceOf(SndException.class, r);
            assertEquals(Errno.EINTR, ((SndException) r).errno());
        }

        @Test
        void threadInterruptGivesEintr() throws Exception {
            TimerUser u = plainListener(core, 0);
            reader = new Reader(u, 8, () -> false);
            awaitBlocked(reader.thread);
            reader.thread.interrupt();
            Object r = reader.await();
            assertInstanceOf(SndException.class, r);
            assertEquals(Errno.EINTR, ((SndException) r).errno());
        }

        @Test
        void alreadyInterruptedReaderWithEmptyQueueIsEintr() {
            TimerUser u = plainListener(core, 0);
            assertErrno(Errno.EINTR, () -> u.read(8, false, () -> true));
        }

        @Test
        void queuedRecordsWinOverInterruption() {
            TimerUser u = plainListener(core, 0);
            owner.trigger();
            assertEquals(8, u.read(8, false, () -> true).length);
        }

        @Test
        void disconnectWakesBlockedReaderWithEnodev() throws Exception {
            TimerUser u = plainListener(core, 0);
            reader = new Reader(u, 8, () -> false);
            awaitBlocked(reader.thread);
            CompletableFuture.runAsync(u::disconnect).get(30, TimeUnit.SECONDS);
            Object r = reader.await();
            assertInstanceOf(SndException.class, r);
            assertEquals(Errno.ENODEV, ((SndException) r).errno());
            assertEquals(TimerUser.POLLERR, u.poll(null));
        }

        @Test
        void recordsQueuedBeforeDisconnectAreStillRead() {
            TimerUser u = plainListener(core, 0);
            owner.trigger();
            u.disconnect();
            assertEquals(POLLIN_RDNORM | TimerUser.POLLERR, u.poll(null));
            assertEquals(List.of(new TimerRead(UTIMER_RES, 1)), readPlain(u));
            assertEquals(TimerUser.POLLERR, u.poll(null));
            assertErrno(Errno.ENODEV, () -> u.read(8, false, () -> false));
        }
    }

    @Nested
    class Poll {
        @Test
        void emptyStoresWaiterThatRunsOnceAtNextTick() {
            TimerUser u = plainListener(core, 0);
            AtomicInteger runs = new AtomicInteger();
            assertEquals(0, u.poll(runs::incrementAndGet));
            assertEquals(0, runs.get());
            owner.trigger();
            assertEquals(1, runs.get());
            assertEquals(POLLIN_RDNORM, u.poll(null));
            owner.trigger();
            owner.trigger();
            assertEquals(1, runs.get(), "a waiter runs once");
        }

        @Test
        void readyDescriptorRunsWaiterImmediately() {
            TimerUser u = plainListener(core, 0);
            owner.trigger();
            AtomicInteger runs = new AtomicInteger();
            assertEquals(POLLIN_RDNORM, u.poll(runs::incrementAndGet));
            assertEquals(1, runs.get());
            owner.trigger();
            assertEquals(1, runs.get(), "not stored");
        }

        @Test
        void replacedWaiterRunsImmediately() {
            TimerUser u = plainListener(core, 0);
            AtomicInteger first = new AtomicInteger();
            AtomicInteger second = new AtomicInteger();
            assertEquals(0, u.poll(first::incrementAndGet));
            assertEquals(0, u.poll(second::incrementAndGet));
            assertEquals(1, first.get());
            assertEquals(0, second.get());
            owner.trigger();
            assertEquals(1, first.get());
            assertEquals(1, second.get());
        }

        @Test
        void pollWithoutWaiterStoresNothing() {
            TimerUser u = plainListener(core, 0);
            AtomicInteger runs = new AtomicInteger();
            u.poll(runs::incrementAndGet);
            assertEquals(0, u.poll(null));
            owner.trigger();
            assertEquals(1, runs.get(), "the stored waiter is kept by poll(null)");
        }

        @Test
        void readingDrainsReadiness() {
            TimerUser u = plainListener(core, 0);
            owner.trigger();
            assertEquals(POLLIN_RDNORM, u.poll(null));
            readPlain(u);
            assertEquals(0, u.poll(null));
        }

        @Test
        void neverPollout() {
            TimerUser u = plainListener(core, 0);
            owner.trigger();
            assertEquals(0, u.poll(null) & ~(POLLIN_RDNORM | TimerUser.POLLERR));
        }

        @Test
        void disconnectRunsWaiterAndReportsPollerr() {
            TimerUser u = plainListener(core, 0);
            AtomicInteger runs = new AtomicInteger();
            u.poll(runs::incrementAndGet);
            u.disconnect();
            assertEquals(1, runs.get());
            assertEquals(TimerUser.POLLERR, u.poll(null));
        }

        @Test
        void treadStateEventWakesWaiter() {
            TimerUser t = treadUser(F_START);
            AtomicInteger runs = new AtomicInteger();
            assertEquals(0, t.poll(runs::incrementAndGet));
            t.start();
            assertEquals(1, runs.get());
            assertEquals(POLLIN_RDNORM, t.poll(null));
        }

        @Test
        void unfilteredStateEventDoesNotWake() {
            TimerUser t = treadUser(F_STOP);
            AtomicInteger runs = new AtomicInteger();
            t.poll(runs::incrementAndGet);
            t.start();
            assertEquals(0, runs.get());
            assertEquals(0, t.poll(null));
            t.stop();
            assertEquals(1, runs.get());
        }

        @Test
        void earlyEventMakesDescriptorReadable() {
            TimerUser u = newUser(core);
            u.select(utimer(0));
            AtomicInteger runs = new AtomicInteger();
            u.poll(runs::incrementAndGet);
            u.params(params(AUTO | EARLY, 1));
            assertEquals(1, runs.get());
            assertEquals(POLLIN_RDNORM, u.poll(null));
        }

        @Test
        void waiterRunsOutsideTheLockAndMayPollAgain() {
            TimerUser u = plainListener(core, 0);
            AtomicInteger seen = new AtomicInteger(-1);
            u.poll(() -> seen.set(u.poll(null)));
            owner.trigger();
            assertEquals(POLLIN_RDNORM, seen.get());
        }

        @Test
        void waiterOfATickRunsWithoutTheDescriptorLock() throws Exception {
            TimerUser u = plainListener(core, 0);
            CompletableFuture<Boolean> otherThreadCouldPoll = new CompletableFuture<>();
            u.poll(() -> otherThreadCouldPoll.complete(pollsFromAnotherThread(u)));
            owner.trigger();
            assertTrue(otherThreadCouldPoll.get(30, TimeUnit.SECONDS));
        }

        @Test
            void waiterOfAStateEventRunsWithoutTheDescriptorLock() throws Exception {
            TimerUser t = treadUser(F_START);
            CompletableFuture<Boolean> otherThreadCouldPoll = new CompletableFuture<>();
            t.poll(() -> otherThreadCouldPoll.complete(pollsFromAnotherThread(t)));
            t.start();
            assertTrue(otherThreadCouldPoll.get(30, TimeUnit.SECONDS));
        }

        @Test
        void waiterFromAnotherThreadTrigger() throws Exception {
            TimerUser u = plainListener(core, 0);
            CompletableFuture<Void> woken = new CompletableFuture<>();
            assertEquals(0, u.poll(() -> woken.complete(null)));
            assertFalse(woken.isDone());
            CompletableFuture.runAsync(owner::trigger);
            woken.get(30, TimeUnit.SECONDS);
            assertEquals(POLLIN_RDNORM, u.poll(null));
        }
    }
}
