package org.sndfuse.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sndfuse.timer.TimerTestSupport.F_START;
import static org.sndfuse.timer.TimerTestSupport.F_TICK;
import static org.sndfuse.timer.TimerTestSupport.SELFTEST_RES;
import static org.sndfuse.timer.TimerTestSupport.drainTicks;
import static org.sndfuse.timer.TimerTestSupport.newUser;
import static org.sndfuse.timer.TimerTestSupport.plainListener;
import static org.sndfuse.timer.TimerTestSupport.started;
import static org.sndfuse.timer.TimerTestSupport.triggers;
import static org.sndfuse.timer.TimerTestSupport.utimer;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sndfuse.clock.VirtualClock;
import org.sndfuse.fasync.FakeSignal;

/**
 * A timer user's O_ASYNC registration (snd_timer_user_fasync): one signal per tick queued, even unread, as
 * snd_timer_user_interrupt/tinterrupt call kill_fasync; none for a tick tread's filter drops; none after the
 * release; sent with the user's lock free.
 */
class TimerUserAsyncTest {
    private TimerCore core;
    private TimerUser owner;

    @BeforeEach
    void setUp() {
        core = new TimerCore(new VirtualClock(7_000_000_000L), 250);
        owner = newUser(core);
        owner.create(SELFTEST_RES);
    }

    @Test
    void oneSignalPerTickQueuedWithoutReading() {
        TimerUser u = plainListener(core, 0);
        FakeSignal s = new FakeSignal();
        u.fasync().add(u, s);
        triggers(owner, 10);
        assertEquals(10, s.sent.get(), "one per TRIGGER, although the ticks merged into one unread record");
        assertEquals(10, drainTicks(u));
    }

    @Test
    void treadSignalsPerRecordTheFilterKeeps() {
        TimerUser ticks = started(core, utimer(0), true, 1, F_TICK);
        TimerUser startsOnly = started(core, utimer(0), true, 1, F_START);
        FakeSignal a = new FakeSignal();
        FakeSignal b = new FakeSignal();
        ticks.fasync().add(ticks, a);
        startsOnly.fasync().add(startsOnly, b);
        triggers(owner, 4);
        assertEquals(4, a.sent.get());
        assertEquals(0, b.sent.get(), "no TICK in the filter: nothing appended, no kill_fasync");
    }

    @Test
    void releaseEndsTheRegistration() {
        TimerUser u = plainListener(core, 0);
        TimerUser other = plainListener(core, 0);
        FakeSignal s = new FakeSignal();
        FakeSignal o = new FakeSignal();
        u.fasync().add(u, s);
        other.fasync().add(other, o);
        triggers(owner, 2);
        u.release();
        assertTrue(s.closed.get());
        assertEquals(0, u.fasync().size());
        triggers(owner, 3);
        assertEquals(2, s.sent.get());
        // the other listener joined the running utimer (delayed start): one signal per tick it queued
        assertEquals(drainTicks(other), o.sent.get());
        assertTrue(o.sent.get() >= 4);
    }

    @Test
    void sentAfterTheUserIsUnlocked() {
        TimerUser u = plainListener(core, 0);
        FakeSignal s = new FakeSignal(x -> {
            // another thread must get the user's lock while the signal is being sent
            CompletableFuture<Integer> f = CompletableFuture.supplyAsync(u::recordSize);
            try {
                f.get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("the user's lock is held while signalling", e);
            }
        });
        u.fasync().add(u, s);
        triggers(owner, 3);
        assertEquals(3, s.sent.get());
    }
}
