package org.sndfuse.timer;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sndfuse.timer.TimerTestSupport.AUTO;
import static org.sndfuse.timer.TimerTestSupport.EARLY;
import static org.sndfuse.timer.TimerTestSupport.EXCLUSIVE;
import static org.sndfuse.timer.TimerTestSupport.F_CONTINUE;
import static org.sndfuse.timer.TimerTestSupport.F_PAUSE;
import static org.sndfuse.timer.TimerTestSupport.F_START;
import static org.sndfuse.timer.TimerTestSupport.F_STOP;
import static org.sndfuse.timer.TimerTestSupport.HRTIMER;
import static org.sndfuse.timer.TimerTestSupport.SYSTEM;
import static org.sndfuse.timer.TimerTestSupport.UTIMER_RES;
import static org.sndfuse.timer.TimerTestSupport.assertErrno;
import static org.sndfuse.timer.TimerTestSupport.drainTicks;
import static org.sndfuse.timer.TimerTestSupport.newUser;
import static org.sndfuse.timer.TimerTestSupport.params;
import static org.sndfuse.timer.TimerTestSupport.plainListener;
import static org.sndfuse.timer.TimerTestSupport.readPlain;
import static org.sndfuse.timer.TimerTestSupport.readTread;
import static org.sndfuse.timer.TimerTestSupport.triggers;
import static org.sndfuse.timer.TimerTestSupport.utimer;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sndfuse.abi.timer.TimerEvent;
import org.sndfuse.abi.timer.TimerId;
import org.sndfuse.abi.timer.TimerRead;
import org.sndfuse.abi.timer.TimerStatus;
import org.sndfuse.abi.timer.TimerTread;
import org.sndfuse.clock.VirtualClock;
import org.sndfuse.errno.Errno;

/** Per-descriptor instance rules of /dev/snd/timer (docs/kernel-facts.md T1, T2, T5). */
class TimerUserRulesTest {
    private VirtualClock clock;
    private TimerCore core;
    private TimerUser owner;

    @BeforeEach
    void setUp() {
        clock = new VirtualClock(3_000_000_000L);
        core = new TimerCore(clock, 250);
        owner = newUser(core);
        owner.create(UTIMER_RES); // utimer 0
    }

    private static List<Integer> events(List<TimerTread> records) {
        List<Integer> out = new ArrayList<>();
        for (TimerTread t : records) {
            out.add(t.event());
        }
        return out;
    }

    @Nested
    class BeforeSelect {
        @Test
        void instanceRequestsAreEbadfd() {
            TimerUser u = newUser(core);
            assertErrno(Errno.EBADFD, u::info);
            assertErrno(Errno.EBADFD, () -> u.params(params(AUTO, 1)));
            assertErrno(Errno.EBADFD, u::status);
            assertErrno(Errno.EBADFD, u::start);
            assertErrno(Errno.EBADFD, u::stop);
            assertErrno(Errno.EBADFD, u::continueTimer);
            assertErrno(Errno.EBADFD, u::pause);
            assertNull(u.instance());
        }

        @Test
        void treadAllowedBeforeSelectOnly() {
            TimerUser u = newUser(core);
            assertEquals(8, u.recordSize());
            u.tread(1);
            assertEquals(32, u.recordSize());
            u.tread(0);
            assertEquals(8, u.recordSize());
            u.tread(5);
            assertEquals(32, u.recordSize());
            u.select(SYSTEM);
            assertErrno(Errno.EBUSY, () -> u.tread(0));
            assertErrno(Errno.EBUSY, () -> u.tread(1));
            assertEquals(32, u.recordSize());
        }

        @Test
        void failedSelectLeavesDescriptorUnselected() {
            TimerUser u = newUser(core);
            u.select(SYSTEM);
            assertEquals(1, core.ginfo(SYSTEM).clients());
            assertErrno(Errno.ENODEV, () -> u.select(utimer(9)));
            assertEquals(0, core.ginfo(SYSTEM).clients());
            assertNull(u.instance());
            assertErrno(Errno.EBADFD, u::info);
            assertDoesNotThrow(() -> u.tread(1));
        }

        @Test
        void slaveClassWithBadSclassIsEinval() {
            TimerUser u = newUser(core);
            assertErrno(Errno.EINVAL, () -> u.select(new TimerId(TimerId.CLASS_SLAVE, 0, -1, 0, 0)));
            assertErrno(Errno.EINVAL, () -> u.select(new TimerId(TimerId.CLASS_SLAVE, 4, -1, 0, 0)));
            assertErrno(Errno.EINVAL, () -> u.select(new TimerId(TimerId.CLASS_SLAVE, -1, -1, 0, 0)));
        }

        @Test
        void selectForcesApplicationSclassAndOwnerString() {
            TimerUser u = new TimerUser(core, 4321);
            u.select(new TimerId(1, 3, -1, 0, 0)); // sclass OSS_SEQUENCER on a global class: forced away
            assertEquals("application 4321", u.instance().owner());
            assertEquals("system", u.info().id());
        }
    }

    @Nested
    class Params {
        private TimerUser onSystem() {
            TimerUser u = newUser(core);
            u.select(SYSTEM);
            return u;
        }

        @Test
        void ticksZeroIsEinval() {
            TimerUser u = onSystem();
            assertErrno(Errno.EINVAL, () -> u.params(params(AUTO, 0)));
            assertDoesNotThrow(() -> u.params(params(AUTO, 1))); // 4 ms
        }

        @Test
        void hrtimerNeedsOneMillisecond() {
            TimerUser u = newUser(core);
            u.select(HRTIMER);
            assertErrno(Errno.EINVAL, () -> u.params(params(AUTO, 1)));
            assertErrno(Errno.EINVAL, () -> u.params(params(AUTO, 999_999)));
            assertDoesNotThrow(() -> u.params(params(AUTO, 1_000_000)));
        }

        @Test
        void utimerResolutionTimesTicksBelowOneMillisecondIsEinval() {
            TimerUser o = newUser(core);
            o.create(100_000L); // utimer 1, 100 µs
            TimerUser u = newUser(core);
            u.select(utimer(1));
            assertErrno(Errno.EINVAL, () -> u.params(params(AUTO, 1)));
            assertErrno(Errno.EINVAL, () -> u.params(params(AUTO, 9)));
            assertDoesNotThrow(() -> u.params(params(AUTO, 10)));
        }

        @Test
        void oneMillisecondUtimerWithTicksOneIsAccepted() {
            TimerUser u = newUser(core);
            u.select(utimer(0));
            assertDoesNotThrow(() -> u.params(params(AUTO, 1)));
        }

        @ParameterizedTest
        @ValueSource(longs = {1, 31, 1025, 4096, 0xFFFFFFFFL})
        void badQueueSizeIsEinval(long size) {
            TimerUser u = onSystem();
            assertErrno(Errno.EINVAL, () -> u.params(params(AUTO, 1, size, 0)));
        }

        @ParameterizedTest
        @ValueSource(longs = {0, 32, 128, 1024})
        void goodQueueSizeAccepted(long size) {
            TimerUser u = onSystem();
            assertDoesNotThrow(() -> u.params(params(AUTO, 1, size, 0)));
        }

        @ParameterizedTest
        @ValueSource(longs = {1L << TimerEvent.EARLY, 1L << 9, 1L << 10, 1L << 11, 1L << 16, 1L << 19, 1L << 31,
                0xFFFFFFFFL, TimerEvent.FILTER_MASK | (1L << TimerEvent.EARLY)})
        void filterOutsideMaskIsEinval(long filter) {
            TimerUser u = onSystem();
            assertErrno(Errno.EINVAL, () -> u.params(params(AUTO, 1, 0, filter)));
        }

        @Test
        void fullFilterMaskAccepted() {
            TimerUser u = onSystem();
            assertDoesNotThrow(() -> u.params(params(AUTO, 1, 0, TimerEvent.FILTER_MASK)));
        }

        @Test
        void rejectedParamsLeaveRunningInstanceAlone() {
            TimerUser u = plainListener(core, 0);
            assertErrno(Errno.EINVAL, () -> u.params(params(AUTO, 0)));
            assertErrno(Errno.EINVAL, () -> u.params(params(AUTO, 1, 31, 0)));
            owner.trigger();
            assertEquals(1, drainTicks(u));
            assertDoesNotThrow(u::stop); // still running
        }

        @Test
        void successfulParamsStopsTheInstance() {
            TimerUser u = plainListener(core, 0);
            u.params(params(AUTO, 1));
            assertFalse(u.instance().isRunning());
            owner.trigger();
            assertEquals(0, drainTicks(u));
            assertErrno(Errno.EBUSY, u::stop);
        }

        @Test
        void paramsEmptiesTheQueue() {
            TimerUser u = plainListener(core, 0);
            triggers(owner, 3);
            assertEquals(1, u.status().queue());
            u.params(params(AUTO, 1));
            assertEquals(0, u.status().queue());
            assertEquals(List.of(), readPlain(u));
        }

        @Test
        void earlyEventPlainIsZeroRecord() {
            TimerUser u = newUser(core);
            u.select(utimer(0));
            u.params(params(AUTO | EARLY, 1));
            assertEquals(1, u.status().queue());
            u.start();
            owner.trigger();
            assertEquals(List.of(new TimerRead(0, 0), new TimerRead(UTIMER_RES, 1)), readPlain(u));
        }

        @Test
        void earlyEventTreadIsEvent6() {
            TimerUser u = newUser(core);
            u.tread(1);
            u.select(utimer(0));
            u.params(params(AUTO | EARLY, 1, 0, 0));
            assertEquals(List.of(new TimerTread(TimerEvent.EARLY, 0, 0, 0)), readTread(u));
        }

        @Test
        void withoutAutoTheInstanceFiresOnce() {
            TimerUser u = newUser(core);
            u.select(utimer(0));
            u.params(params(0, 1));
            u.start();
            triggers(owner, 5);
            assertEquals(1, drainTicks(u));
            assertFalse(u.instance().isRunning());
            assertErrno(Errno.EBUSY, u::stop);
        }

        @Test
        void defaultsAfterOpenAreTicksOneWithoutAuto() {
            TimerUser u = newUser(core);
            u.select(utimer(0));
            u.start(); // no PARAMS: ticks 1, not AUTO
            triggers(owner, 3);
            assertEquals(List.of(new TimerRead(UTIMER_RES, 1)), readPlain(u));
        }
    }

    @Nested
    class StartStop {
        @Test
        void stopAndPauseWhenNotRunningAreEbusy() {
            TimerUser u = newUser(core);
            u.select(utimer(0));
            assertErrno(Errno.EBUSY, u::stop);
            assertErrno(Errno.EBUSY, u::pause);
            u.start();
            u.stop();
            assertErrno(Errno.EBUSY, u::stop);
            assertErrno(Errno.EBUSY, u::pause);
        }

        @Test
        void startOnRunningInstanceRestarts() {
            TimerUser u = newUser(core);
            u.tread(1);
            u.select(utimer(0));
            u.params(params(AUTO, 1, 0, F_START | F_STOP));
            u.start();
            assertDoesNotThrow(u::start);
            List<TimerTread> r = readTread(u);
            assertEquals(List.of(TimerEvent.START, TimerEvent.STOP, TimerEvent.START), events(r));
            assertEquals(UTIMER_RES, r.get(0).val());
            assertEquals(0, r.get(1).val());
            assertEquals(UTIMER_RES, r.get(2).val());
            assertTrue(u.instance().isRunning());
        }

        @Test
        void stateEventsCarryClockTime() {
            TimerUser u = newUser(core);
            u.tread(1);
            u.select(utimer(0));
            u.params(params(AUTO, 1, 0, F_START | F_STOP | F_PAUSE | F_CONTINUE));
            clock.advance(123_456_789L);
            u.start();
            clock.advance(1_000_000_000L);
            u.pause();
            clock.advance(1);
            u.continueTimer();
            u.stop();
            List<TimerTread> r = readTread(u);
            assertEquals(List.of(new TimerTread(TimerEvent.START, 3, 123_456_789, UTIMER_RES),
                    new TimerTread(TimerEvent.PAUSE, 4, 123_456_789, 0),
                    new TimerTread(TimerEvent.CONTINUE, 4, 123_456_790, UTIMER_RES),
                    new TimerTread(TimerEvent.STOP, 4, 123_456_790, 0)), r);
        }

        @Test
        void continueWhenNotPausedIsStart() {
            TimerUser u = newUser(core);
            u.tread(1);
            u.select(utimer(0));
            u.params(params(AUTO, 1, 0, F_START | F_STOP | F_CONTINUE));
            u.continueTimer();
            assertTrue(u.instance().isRunning());
            u.continueTimer(); // running, not paused: START semantics (stop + start)
            assertEquals(List.of(TimerEvent.START, TimerEvent.STOP, TimerEvent.START), events(readTread(u)));
        }

        @Test
        void continueAfterStopIsStart() {
            TimerUser u = newUser(core);
            u.tread(1);
            u.select(utimer(0));
            u.params(params(AUTO, 1, 0, F_START | F_STOP | F_CONTINUE | F_PAUSE));
            u.start();
            u.stop();
            u.continueTimer();
            assertEquals(List.of(TimerEvent.START, TimerEvent.STOP, TimerEvent.START), events(readTread(u)));
        }

        @Test
        void pauseThenContinueSendsContinue() {
            TimerUser u = newUser(core);
            u.tread(1);
            u.select(utimer(0));
            u.params(params(AUTO, 1, 0, F_START | F_STOP | F_CONTINUE | F_PAUSE));
            u.start();
            u.pause();
            assertTrue(u.instance().isPaused());
            assertFalse(u.instance().isRunning());
            u.continueTimer();
            assertTrue(u.instance().isRunning());
            assertEquals(List.of(TimerEvent.START, TimerEvent.PAUSE, TimerEvent.CONTINUE), events(readTread(u)));
            owner.trigger();
        }

        @Test
        void pausedInstanceGetsNoTicks() {
            TimerUser u = plainListener(core, 0);
            owner.trigger();
            u.pause();
            triggers(owner, 4);
            assertEquals(1, drainTicks(u));
            u.continueTimer();
            triggers(owner, 2);
            assertEquals(2, drainTicks(u));
        }

        @Test
        void pauseKeepsTheTicksLeft() {
            // A (ticks 1) keeps the utimer's hardware period at one trigger; B counts 3 triggers per tick.
            TimerUser a = plainListener(core, 0);
            TimerUser b = newUser(core);
            b.select(utimer(0));
            b.params(params(AUTO, 3));
            b.start();
            owner.trigger(); // B joins (delayed start)
            triggers(owner, 2); // B: 1 of 3 left
            assertEquals(0, drainTicks(b));
            b.pause();
            a.stop(); // the utimer is idle, so CONTINUE takes effect at once
            b.continueTimer();
            owner.trigger();
            assertEquals(List.of(new TimerRead(UTIMER_RES, 1)), readPlain(b), "one callback after one more tick");
            triggers(owner, 2);
            assertEquals(0, drainTicks(b));
            owner.trigger();
            assertEquals(List.of(new TimerRead(UTIMER_RES, 3)), readPlain(b), "then a full period of 3");
        }

        @Test
        void stopResetsTheCountdown() {
            TimerUser a = plainListener(core, 0);
            TimerUser b = newUser(core);
            b.select(utimer(0));
            b.params(params(AUTO, 3));
            b.start();
            owner.trigger(); // B joins
            triggers(owner, 2); // B: 1 of 3 left
            b.stop();
            b.continueTimer(); // not paused → START: delayed again, full countdown
            owner.trigger(); // joins
            triggers(owner, 2);
            assertEquals(0, drainTicks(b));
            owner.trigger();
            assertEquals(List.of(new TimerRead(UTIMER_RES, 3)), readPlain(b));
            assertTrue(drainTicks(a) > 0);
        }

        @Test
        void pauseThenStartLeavesPausedFlagSoContinueIsEbusy() {
            // kernel-facts T2 quirk: START's internal stop fails with EBUSY before it clears PAUSED.
            TimerUser u = plainListener(core, 0);
            u.pause();
            u.start();
            assertTrue(u.instance().isRunning());
            assertErrno(Errno.EBUSY, u::continueTimer);
        }

        @Test
        void startWithoutParamsOnHrtimerHitsTheHundredMicrosecondBound() {
            TimerUser u = newUser(core);
            u.select(HRTIMER);
            assertErrno(Errno.EINVAL, u::start); // 1 ns × ticks 1
            assertFalse(u.instance().isRunning());
            assertErrno(Errno.EBUSY, u::stop);
        }

        @Test
        void hundredMicrosecondBoundOnUtimers() {
            TimerUser o1 = newUser(core);
            o1.create(99_999L); // utimer 1
            TimerUser o2 = newUser(core);
            o2.create(100_000L); // utimer 2
            TimerUser u1 = newUser(core);
            u1.select(utimer(1));
            assertErrno(Errno.EINVAL, u1::start);
            TimerUser u2 = newUser(core);
            u2.select(utimer(2));
            assertDoesNotThrow(u2::start);
        }

        @Test
        void normalValuesNeverHitTheStartBound() {
            TimerUser sys = newUser(core);
            sys.select(SYSTEM);
            sys.params(params(AUTO, 1));
            assertDoesNotThrow(sys::start);
            TimerUser hr = newUser(core);
            hr.select(HRTIMER);
            hr.params(params(AUTO, 1_000_000));
            assertDoesNotThrow(hr::start);
            TimerUser ut = newUser(core);
            ut.select(utimer(0));
            ut.params(params(AUTO, 1));
            assertDoesNotThrow(ut::start);
        }
    }

    @Nested
    class Status {
        @Test
        void freshInstance() {
            TimerUser u = newUser(core);
            u.select(SYSTEM);
            assertEquals(new TimerStatus(0, 0, 4_000_000L, 0, 0, 0), u.status());
        }

        @Test
        void timestampOfLastStateChange() {
            TimerUser u = newUser(core);
            u.select(utimer(0));
            u.params(params(AUTO, 1));
            clock.advance(2_500_000_001L); // 5.500000001 s
            u.start();
            TimerStatus s = u.status();
            assertEquals(5, s.tstampSec());
            assertEquals(500_000_001, s.tstampNsec());
            assertEquals(UTIMER_RES, s.resolution());
            assertEquals(0, s.lost());
            clock.advance(1_000_000_000L);
            owner.trigger(); // ticks do not move the status timestamp
            assertEquals(5, u.status().tstampSec());
            u.stop();
            assertEquals(6, u.status().tstampSec());
            assertEquals(500_000_001, u.status().tstampNsec());
        }

        @Test
        void timestampUpdatedEvenInPlainMode() {
            TimerUser u = newUser(core);
            u.select(utimer(0));
            clock.advance(1);
            u.start();
            assertEquals(3_000_000_001L, u.status().tstampSec() * 1_000_000_000L + u.status().tstampNsec());
            assertEquals(0, u.status().queue()); // no state records in plain mode
        }
    }

    @Nested
    class Exclusive {
        @Test
        void exclusiveFirstInstanceBlocksFurtherOpens() {
            TimerUser a = newUser(core);
            a.select(SYSTEM);
            a.params(params(EXCLUSIVE | AUTO, 1));
            TimerUser b = newUser(core);
            assertErrno(Errno.EBUSY, () -> b.select(SYSTEM));
            assertNull(b.instance());
            assertErrno(Errno.EBADFD, b::info);
            assertEquals(1, core.ginfo(SYSTEM).clients());
            // Other timers are unaffected.
            assertDoesNotThrow(() -> b.select(utimer(0)));
            a.release();
            assertDoesNotThrow(() -> b.select(SYSTEM));
        }

        @Test
        void exclusiveClearedByLaterParams() {
            TimerUser a = newUser(core);
            a.select(SYSTEM);
            a.params(params(EXCLUSIVE, 1));
            a.params(params(AUTO, 1));
            assertDoesNotThrow(() -> newUser(core).select(SYSTEM));
        }

        @Test
        void onlyTheFirstOpenInstanceCounts() {
            // snd_timer_open looks only at the head of the open list.
            TimerUser a = newUser(core);
            a.select(SYSTEM);
            TimerUser b = newUser(core);
            b.select(SYSTEM);
            b.params(params(EXCLUSIVE, 1));
            assertDoesNotThrow(() -> newUser(core).select(SYSTEM));
        }
    }

    @Nested
    class MaxInstances {
        @Test
        void hrtimerTakesAtMost100() {
            for (int i = 0; i < 100; i++) {
                newUser(core).select(HRTIMER);
            }
            assertEquals(100, core.ginfo(HRTIMER).clients());
            assertErrno(Errno.EBUSY, () -> newUser(core).select(HRTIMER));
        }

        @Test
        void systemTakesAtMost1000() {
            for (int i = 0; i < 1000; i++) {
                newUser(core).select(SYSTEM);
            }
            assertErrno(Errno.EBUSY, () -> newUser(core).select(SYSTEM));
        }
    }
}
