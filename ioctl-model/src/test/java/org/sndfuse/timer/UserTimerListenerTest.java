package org.sndfuse.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sndfuse.timer.TimerTestSupport.AUTO;
import static org.sndfuse.timer.TimerTestSupport.F_RESOLUTION;
import static org.sndfuse.timer.TimerTestSupport.F_START;
import static org.sndfuse.timer.TimerTestSupport.F_STOP;
import static org.sndfuse.timer.TimerTestSupport.F_TICK;
import static org.sndfuse.timer.TimerTestSupport.SELFTEST_RES;
import static org.sndfuse.timer.TimerTestSupport.drainTicks;
import static org.sndfuse.timer.TimerTestSupport.newUser;
import static org.sndfuse.timer.TimerTestSupport.params;
import static org.sndfuse.timer.TimerTestSupport.plainListener;
import static org.sndfuse.timer.TimerTestSupport.readPlain;
import static org.sndfuse.timer.TimerTestSupport.readTread;
import static org.sndfuse.timer.TimerTestSupport.started;
import static org.sndfuse.timer.TimerTestSupport.triggers;
import static org.sndfuse.timer.TimerTestSupport.utimer;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sndfuse.abi.timer.TimerEvent;
import org.sndfuse.abi.timer.TimerRead;
import org.sndfuse.abi.timer.TimerStatus;
import org.sndfuse.abi.timer.TimerTread;
import org.sndfuse.clock.VirtualClock;

/** Records a utimer's listeners get, plain and timestamped (docs/kernel-facts.md T4, T10). */
class UserTimerListenerTest {
    private static final long RES = SELFTEST_RES;

    private VirtualClock clock;
    private TimerCore core;
    private TimerUser owner;

    @BeforeEach
    void setUp() {
        clock = new VirtualClock(7_000_000_000L);
        core = new TimerCore(clock, 250);
        owner = newUser(core);
        owner.create(RES);
    }

    private TimerUser treadListener(long filter, long queueSize) {
        TimerUser u = newUser(core);
        u.tread(1);
        u.select(utimer(0));
        u.params(params(AUTO, 1, queueSize, filter));
        return u;
    }

    @Test
    void kTriggersGiveKTicks() {
        TimerUser u = plainListener(core, 0);
        triggers(owner, 10);
        assertEquals(10, drainTicks(u));
    }

    @Test
    void plainTicksMergeWhileUnread() {
        TimerUser u = plainListener(core, 0);
        triggers(owner, 7);
        assertEquals(1, u.status().queue());
        assertEquals(List.of(new TimerRead(RES, 7)), readPlain(u));
        owner.trigger();
        assertEquals(List.of(new TimerRead(RES, 1)), readPlain(u));
    }

    @Test
    void plainModeQueuesNoStateEvents() {
        TimerUser u = newUser(core);
        u.select(utimer(0));
        u.params(params(AUTO, 1, 0, TimerEvent.FILTER_MASK));
        u.start();
        u.stop();
        u.start();
        assertEquals(0, u.status().queue());
        owner.trigger();
        assertEquals(List.of(new TimerRead(RES, 1)), readPlain(u));
    }

    @Test
    void treadStartEventCarriesResolution() {
        TimerUser u = treadListener(F_START, 0);
        clock.advance(250_000_000L);
        u.start();
        assertEquals(List.of(new TimerTread(TimerEvent.START, 7, 250_000_000L, RES)), readTread(u));
    }

    @Test
    void treadStartNotQueuedUnlessFiltered() {
        TimerUser u = treadListener(F_TICK, 0);
        u.start();
        assertEquals(0, u.status().queue());
    }

    @Test
    void treadFullSequence() {
        TimerUser u = treadListener(F_START | F_RESOLUTION | F_TICK, 0);
        u.start(); // at 7.0 s
        clock.advance(100_000_000L);
        owner.trigger(); // 7.1 s: RESOLUTION, then TICK 1
        clock.advance(200_000_000L);
        owner.trigger(); // 7.3 s: merged into the TICK, timestamp refreshed
        List<TimerTread> r = readTread(u);
        assertEquals(List.of(new TimerTread(TimerEvent.START, 7, 0, RES),
                new TimerTread(TimerEvent.RESOLUTION, 7, 100_000_000L, RES),
                new TimerTread(TimerEvent.TICK, 7, 300_000_000L, 2)), r);

        clock.advance(800_000_000L);
        owner.trigger(); // 8.1 s: new TICK record, no second RESOLUTION
        assertEquals(List.of(new TimerTread(TimerEvent.TICK, 8, 100_000_000L, 1)), readTread(u));
    }

    @Test
    void resolutionEventOncePerStart() {
        TimerUser u = treadListener(F_RESOLUTION, 0);
        u.start();
        triggers(owner, 3);
        assertEquals(List.of(new TimerTread(TimerEvent.RESOLUTION, 7, 0, RES)), readTread(u));
        triggers(owner, 3);
        assertEquals(List.of(), readTread(u));
        u.start(); // START resets the last reported resolution
        owner.trigger();
        assertEquals(List.of(new TimerTread(TimerEvent.RESOLUTION, 7, 0, RES)), readTread(u));
    }

    @Test
    void tickMergeIsBrokenByAnInterveningEvent() {
        TimerUser u = treadListener(F_TICK | F_START | F_STOP, 0);
        u.start();
        triggers(owner, 2);
        u.start(); // STOP, START
        triggers(owner, 3);
        List<TimerTread> r = readTread(u);
        assertEquals(List.of(TimerEvent.START, TimerEvent.TICK, TimerEvent.STOP, TimerEvent.START, TimerEvent.TICK),
                r.stream().map(TimerTread::event).toList());
        assertEquals(2, r.get(1).val());
        assertEquals(3, r.get(4).val());
    }

    @Test
    void treadWithoutTickOrResolutionFilterQueuesNothingAndWakesNoOne() {
        TimerUser u = treadListener(F_START | F_STOP, 0);
        u.start();
        readTread(u);
        AtomicInteger woken = new AtomicInteger();
        assertEquals(0, u.poll(woken::incrementAndGet));
        triggers(owner, 5);
        assertEquals(0, u.status().queue());
        assertEquals(0, woken.get());
    }

    @Test
    void tickTimestampsSplitVirtualTime() {
        TimerUser u = treadListener(F_TICK, 0);
        u.start();
        clock.advance(2_999_999_999L); // 9.999999999 s
        owner.trigger();
        assertEquals(List.of(new TimerTread(TimerEvent.TICK, 9, 999_999_999L, 1)), readTread(u));
        clock.advance(1);
        owner.trigger();
        assertEquals(List.of(new TimerTread(TimerEvent.TICK, 10, 0, 1)), readTread(u));
    }

    @Test
    void queueFullCountsOverrunAndDropsRecords() {
        TimerUser u = treadListener(F_START | F_STOP, 32);
        for (int i = 0; i < 20; i++) {
            u.start();
            u.stop();
        }
        TimerStatus s = u.status();
        assertEquals(32, s.queue());
        assertEquals(8, s.overrun());
        List<TimerTread> r = readTread(u);
        assertEquals(32, r.size());
        for (int i = 0; i < 32; i++) {
            TimerTread t = r.get(i);
            assertEquals(i % 2 == 0 ? TimerEvent.START : TimerEvent.STOP, t.event(), "record " + i);
            assertEquals(i % 2 == 0 ? RES : 0, t.val());
        }
        s = u.status();
        assertEquals(0, s.queue());
        assertEquals(8, s.overrun(), "overrun is never reset by reading");
        u.start();
        assertEquals(8, u.status().overrun());
        assertEquals(1, u.status().queue());
    }

    @Test
    void tickMergesIntoFullQueueWithoutOverrun() {
        TimerUser u = treadListener(F_START | F_STOP | F_TICK, 32);
        for (int i = 0; i < 15; i++) {
            u.start();
            u.stop();
        }
        u.start(); // 31 records
        owner.trigger(); // 32nd record: TICK
        assertEquals(32, u.status().queue());
        triggers(owner, 4); // merged into the newest TICK even though the queue is full
        assertEquals(0, u.status().overrun());
        List<TimerTread> r = readTread(u);
        assertEquals(TimerEvent.TICK, r.get(31).event());
        assertEquals(5, r.get(31).val());
    }

    @Test
    void tickAppendToFullQueueIsOverrun() {
        TimerUser u = treadListener(F_START | F_STOP | F_TICK, 32);
        for (int i = 0; i < 16; i++) {
            u.start();
            u.stop();
        }
        u.start(); // stopped instance: only START → 1 overrun
        assertEquals(1, u.status().overrun());
        u.start(); // running: STOP, START → 2 more
        assertEquals(3, u.status().overrun());
        owner.trigger(); // newest queued record is a STOP, queue full → the TICK is dropped
        assertEquals(4, u.status().overrun());
        assertEquals(32, u.status().queue());
    }

    @Test
    void defaultQueueHolds128() {
        TimerUser u = treadListener(F_START | F_STOP, 0);
        for (int i = 0; i < 70; i++) {
            u.start();
            u.stop();
        }
        assertEquals(128, u.status().queue());
        assertEquals(12, u.status().overrun());
    }

    @Test
    void largeQueue() {
        TimerUser u = treadListener(F_START | F_STOP, 1024);
        for (int i = 0; i < 513; i++) {
            u.start();
            u.stop();
        }
        assertEquals(1024, u.status().queue());
        assertEquals(2, u.status().overrun());
    }

    @Test
    void statusQueueCount() {
        TimerUser u = treadListener(F_START | F_STOP | F_TICK, 0);
        assertEquals(0, u.status().queue());
        u.start();
        assertEquals(1, u.status().queue());
        owner.trigger();
        assertEquals(2, u.status().queue());
        owner.trigger();
        assertEquals(2, u.status().queue());
        u.stop();
        assertEquals(3, u.status().queue());
        byte[] one = u.read(32, true, () -> false);
        assertEquals(32, one.length);
        assertEquals(2, u.status().queue());
    }

    @Test
    void overrunSurvivesParams() {
        // docs/kernel-facts.md T10: overrun is cumulative for the descriptor and never reset.
        TimerUser u = treadListener(F_START | F_STOP, 32);
        for (int i = 0; i < 20; i++) {
            u.start();
            u.stop();
        }
        assertEquals(8, u.status().overrun());
        u.params(params(AUTO, 1, 64, F_START | F_STOP));
        assertEquals(0, u.status().queue());
        assertEquals(8, u.status().overrun());
    }

    @Test
    void plainRecordResolutionIsTruncatedToU32() {
        TimerUser o = newUser(core);
        o.create(4_000_000_000L); // fits in u32
        TimerUser u = plainListener(core, 1);
        triggers(o, 2);
        assertEquals(List.of(new TimerRead(4_000_000_000L, 2)), readPlain(u));
    }

    @Test
    void plainTicksOfAResolutionAbove32BitsNeverMerge() {
        TimerUser o = newUser(core);
        o.create(10_000_000_000L); // 10 s: 0x2540BE400, u32 part 1410065408
        TimerUser u = plainListener(core, 1);
        triggers(o, 2);
        assertEquals(List.of(new TimerRead(1_410_065_408L, 1), new TimerRead(1_410_065_408L, 1)), readPlain(u));
    }

    @Test
    void listenersAreIndependent() {
        TimerUser plain = plainListener(core, 0);
        TimerUser tread = started(core, utimer(0), true, 1, F_TICK);
        owner.trigger(); // tread listener joins (delayed start)
        triggers(owner, 4);
        assertEquals(5, drainTicks(plain));
        List<TimerTread> r = readTread(tread);
        assertEquals(1, r.size());
        assertEquals(4, r.get(0).val());
        assertTrue(plain.instance() != tread.instance());
    }
}
