package org.sndfuse.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.sndfuse.timer.TimerTestSupport.AUTO;
import static org.sndfuse.timer.TimerTestSupport.F_TICK;
import static org.sndfuse.timer.TimerTestSupport.HRTIMER;
import static org.sndfuse.timer.TimerTestSupport.SYSTEM;
import static org.sndfuse.timer.TimerTestSupport.SYSTEM_RES;
import static org.sndfuse.timer.TimerTestSupport.assertErrno;
import static org.sndfuse.timer.TimerTestSupport.drainTicks;
import static org.sndfuse.timer.TimerTestSupport.newUser;
import static org.sndfuse.timer.TimerTestSupport.params;
import static org.sndfuse.timer.TimerTestSupport.readPlain;
import static org.sndfuse.timer.TimerTestSupport.readTread;
import static org.sndfuse.timer.TimerTestSupport.started;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sndfuse.abi.timer.TimerEvent;
import org.sndfuse.abi.timer.TimerRead;
import org.sndfuse.abi.timer.TimerTread;
import org.sndfuse.clock.VirtualClock;
import org.sndfuse.errno.Errno;
import org.sndfuse.timer.TimerTestSupport.ManualClock;
import org.sndfuse.timer.TimerTestSupport.Recorder;

/** The clock-driven global timers (system G0, hrtimer G3) under a virtual clock. */
class SystemTimerTest {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private VirtualClock clock;
    private TimerCore core;

    @BeforeEach
    void setUp() {
        clock = new VirtualClock();
        core = new TimerCore(clock, 250);
    }

    private TimerInstance openAuto(java.util.function.Supplier<Recorder> r, long ticks) {
        TimerInstance ti = core.open(SYSTEM, "test", r.get());
        ti.setFlags(true, false);
        ti.start(ticks);
        return ti;
    }

    @Test
    void oneSecondAtTicksOneIs250Ticks() {
        TimerUser u = started(core, SYSTEM, false, 1, 0);
        clock.advance(SECOND);
        List<TimerRead> r = readPlain(u);
        assertEquals(250, r.stream().mapToLong(TimerRead::ticks).sum());
        // Unread ticks of one resolution merge into a single record.
        assertEquals(List.of(new TimerRead(SYSTEM_RES, 250)), r);
    }

    @Test
    void readingBetweenTicksGivesOneRecordPerTick() {
        TimerUser u = started(core, SYSTEM, false, 1, 0);
        for (int i = 0; i < 10; i++) {
            clock.advance(4 * MS);
            assertEquals(List.of(new TimerRead(SYSTEM_RES, 1)), readPlain(u));
        }
    }

    @Test
    void ticksFiveGives50CallbacksOfFive() {
        Recorder rec = new Recorder();
        openAuto(() -> rec, 5);
        clock.advance(SECOND);
        assertEquals(50, rec.ticks.size());
        assertEquals(Collections.nCopies(50, new Recorder.Tick(SYSTEM_RES, 5)), rec.ticks);
    }

    @Test
    void ticksFiveThroughTheDevice() {
        TimerUser u = started(core, SYSTEM, true, 5, F_TICK);
        clock.advance(20 * MS);
        List<TimerTread> r = readTread(u);
        assertEquals(1, r.size());
        assertEquals(TimerEvent.TICK, r.get(0).event());
        assertEquals(5, r.get(0).val());
        clock.advance(SECOND - 20 * MS);
        assertEquals(250 - 5, readTread(u).get(0).val());
    }

    @Test
    void partialPeriodsDeliverNothingUntilDue() {
        TimerUser u = started(core, SYSTEM, false, 1, 0);
        clock.advance(3 * MS);
        assertEquals(0, drainTicks(u));
        clock.advance(MS);
        assertEquals(1, drainTicks(u));
        clock.advance(3_999_999L);
        assertEquals(0, drainTicks(u));
        clock.advance(1);
        assertEquals(1, drainTicks(u));
    }

    @Test
    void lateAdvanceOf40MsDeliversTenTicks() {
        TimerUser u = started(core, SYSTEM, false, 1, 0);
        clock.advance(40 * MS);
        assertEquals(List.of(new TimerRead(SYSTEM_RES, 10)), readPlain(u));
    }

    /** An AUTO instance started with {@code ticks} on a clock whose expiries run only when told, late if need be. */
    private static TimerInstance startedOnManualClock(ManualClock mc, org.sndfuse.abi.timer.TimerId id, Recorder rec,
                                                      long ticks) {
        TimerInstance ti = new TimerCore(mc, 250).open(id, "test", rec);
        ti.setFlags(true, false);
        ti.start(ticks);
        return ti;
    }

    @Test
    void lateWakeUpDeliversMissedTicksInOneCallback() {
        ManualClock mc = new ManualClock(0);
        Recorder rec = new Recorder();
        TimerInstance ti = startedOnManualClock(mc, SYSTEM, rec, 1);
        mc.set(40 * MS + 1); // the scheduler woke 36 ms late
        mc.runDue();
        assertEquals(List.of(new Recorder.Tick(SYSTEM_RES, 10)), rec.ticks);
        mc.set(43 * MS);
        mc.runDue();
        assertEquals(1, rec.ticks.size());
        mc.set(44 * MS);
        mc.runDue();
        assertEquals(List.of(new Recorder.Tick(SYSTEM_RES, 10), new Recorder.Tick(SYSTEM_RES, 1)), rec.ticks);
        ti.stop();
        assertEquals(0, mc.pending());
    }

    @Test
    void stopThenAdvanceDeliversNothing() {
        TimerUser u = started(core, SYSTEM, false, 1, 0);
        clock.advance(8 * MS);
        u.stop();
        assertEquals(2, drainTicks(u));
        clock.advance(SECOND);
        assertEquals(0, drainTicks(u));
        assertEquals(0, clock.pending(), "hardware timer disarmed");
    }

    @Test
    void restartAfterStopCountsFromTheRestart() {
        TimerUser u = started(core, SYSTEM, false, 1, 0);
        clock.advance(2 * MS);
        u.stop();
        clock.advance(1 * MS);
        u.start();
        clock.advance(3 * MS);
        assertEquals(0, drainTicks(u));
        clock.advance(1 * MS);
        assertEquals(1, drainTicks(u));
    }

    @Test
    void pauseAndContinue() {
        TimerUser u = started(core, SYSTEM, false, 1, 0);
        clock.advance(40 * MS);
        u.pause();
        clock.advance(SECOND);
        assertEquals(10, drainTicks(u));
        u.continueTimer();
        clock.advance(40 * MS);
        assertEquals(10, drainTicks(u));
    }

    @Test
    void withoutAutoOnlyOneTick() {
        TimerUser u = newUser(core);
        u.select(SYSTEM);
        u.params(params(0, 1));
        u.start();
        clock.advance(SECOND);
        assertEquals(1, drainTicks(u));
        assertFalse(u.instance().isRunning());
        assertEquals(0, clock.pending());
    }

    @Test
    void hz1000() {
        TimerCore c = new TimerCore(clock, 1000);
        TimerUser u = started(c, SYSTEM, false, 1, 0);
        clock.advance(SECOND);
        assertEquals(List.of(new TimerRead(1_000_000L, 1000)), readPlain(u));
    }

    @Test
    void twoListenersWithDifferentPeriods() {
        Recorder fast = new Recorder();
        Recorder slow = new Recorder();
        openAuto(() -> fast, 1);
        openAuto(() -> slow, 10); // delayed start: joins at the next interrupt
        clock.advance(4 * MS);
        assertEquals(1, fast.ticks.size());
        assertEquals(0, slow.ticks.size());
        clock.advance(40 * MS);
        assertEquals(11, fast.totalTicks());
        assertEquals(List.of(new Recorder.Tick(SYSTEM_RES, 10)), slow.ticks);
    }

    @Test
    void lastListenerStoppingDisarmsTheClock() {
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        TimerInstance ta = openAuto(() -> a, 1);
        TimerInstance tb = openAuto(() -> b, 1);
        clock.advance(4 * MS);
        ta.stop();
        clock.advance(4 * MS);
        assertEquals(1, a.ticks.size());
        assertEquals(1, b.ticks.size());
        tb.stop();
        assertEquals(0, clock.pending());
        clock.advance(SECOND);
        assertEquals(1, b.ticks.size());
    }

    @Test
    void hrtimerWithOneMillisecondPeriod() {
        Recorder rec = new Recorder();
        TimerInstance ti = core.open(HRTIMER, "test", rec);
        ti.setFlags(true, false);
        ti.start(1_000_000);
        clock.advance(10 * MS);
        assertEquals(Collections.nCopies(10, new Recorder.Tick(1L, 1_000_000L)), rec.ticks);
    }

    @Test
    void hrtimerThroughTheDevice() {
        TimerUser u = newUser(core);
        u.select(HRTIMER);
        assertErrno(Errno.EINVAL, () -> u.params(params(AUTO, 1)));
        u.params(params(AUTO, 1_000_000));
        u.start();
        clock.advance(5 * MS);
        assertEquals(List.of(new TimerRead(1, 5_000_000)), readPlain(u));
    }

    /**
     * snd_hrtimer_callback(): an expiry reports the programmed ticks; only a period or more late adds one tick per
     * whole period, and the next expiry is one period after the programmed one (so it comes at once when late).
     */
    @Test
    void hrtimerReportsTheProgrammedTicksPlusWholePeriodsLate() {
        ManualClock mc = new ManualClock(0);
        Recorder rec = new Recorder();
        long period = 20 * MS; // 1 ns resolution: ticks = ns
        TimerInstance ti = startedOnManualClock(mc, HRTIMER, rec, period);
        mc.set(period + 139_242); // woke 139 us late: still the programmed ticks
        mc.runDue();
        assertEquals(List.of(new Recorder.Tick(1L, period)), rec.ticks);
        rec.ticks.clear();
        mc.set(2 * period + 2 * period + period / 2); // the expiry at 40 ms runs 2.5 periods late
        mc.runDue();
        assertEquals(List.of(new Recorder.Tick(1L, period + 2), new Recorder.Tick(1L, period + 1),
                new Recorder.Tick(1L, period)), rec.ticks, "expiries at 40, 60 and 80 ms, all run at 90 ms");
        rec.ticks.clear();
        mc.set(100 * MS);
        mc.runDue();
        assertEquals(List.of(new Recorder.Tick(1L, period)), rec.ticks, "back on the 20 ms grid");
        ti.stop();
        assertEquals(0, mc.pending());
    }
}
