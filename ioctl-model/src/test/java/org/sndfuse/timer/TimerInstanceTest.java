package org.sndfuse.timer;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sndfuse.timer.TimerTestSupport.AUTO;
import static org.sndfuse.timer.TimerTestSupport.assertErrno;
import static org.sndfuse.timer.TimerTestSupport.newUser;
import static org.sndfuse.timer.TimerTestSupport.params;
import static org.sndfuse.timer.TimerTestSupport.readPlain;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sndfuse.abi.timer.TimerEvent;
import org.sndfuse.abi.timer.TimerId;
import org.sndfuse.abi.timer.TimerRead;
import org.sndfuse.clock.VirtualClock;
import org.sndfuse.errno.Errno;
import org.sndfuse.timer.TimerTestSupport.Recorder;

/** The kernel-side instance API (snd_timer_start/stop/pause/continue) driven through a fake timer. */
class TimerInstanceTest {
    private static final TimerId CARD = new TimerId(TimerId.CLASS_CARD, 0, 0, 0, 0);

    private VirtualClock clock;
    private TimerCore core;
    private FakeTimer hw;

    @BeforeEach
    void setUp() {
        clock = new VirtualClock(10_000_000_000L);
        core = new TimerCore(clock, 250);
        hw = FakeTimer.card(0, 0); // 1 ms, not slave
        core.register(hw);
    }

    private TimerInstance open(Recorder r, boolean auto) {
        TimerInstance ti = core.open(CARD, "test", r);
        ti.setFlags(auto, false);
        return ti;
    }

    @Test
    void openedInstanceBasics() {
        Recorder r = new Recorder();
        TimerInstance ti = open(r, true);
        assertEquals("test", ti.owner());
        assertSame(hw, ti.timer());
        assertEquals(1_000_000L, ti.resolution());
        assertFalse(ti.isRunning());
        assertFalse(ti.isPaused());
        assertEquals(0, ti.lost());
        assertEquals(List.of(ti), hw.instances());
        assertEquals(1, hw.clients());
    }

    @Test
    void startNeedsAtLeastOneTick() {
        TimerInstance ti = open(new Recorder(), true);
        assertErrno(Errno.EINVAL, () -> ti.start(0));
        assertErrno(Errno.EINVAL, () -> ti.start(-1));
        assertFalse(ti.isRunning());
    }

    @Test
    void startStopEventsAndErrors() {
        Recorder r = new Recorder();
        TimerInstance ti = open(r, true);
        ti.start(2);
        assertTrue(ti.isRunning());
        assertErrno(Errno.EBUSY, () -> ti.start(2)); // the core does not restart
        clock.advance(5);
        ti.stop();
        assertErrno(Errno.EBUSY, ti::stop);
        assertErrno(Errno.EBUSY, ti::pause);
        assertEquals(List.of(new Recorder.Event(TimerEvent.START, 10_000_000_000L, 1_000_000L),
                new Recorder.Event(TimerEvent.STOP, 10_000_000_005L, 0)), r.events);
    }

    @Test
    void pauseAndResumeEvents() {
        Recorder r = new Recorder();
        TimerInstance ti = open(r, true);
        ti.start(1);
        ti.pause();
        assertTrue(ti.isPaused());
        assertFalse(ti.isRunning());
        ti.continueTimer();
        assertTrue(ti.isRunning());
        assertErrno(Errno.EBUSY, ti::continueTimer);
        assertEquals(List.of(TimerEvent.START, TimerEvent.PAUSE, TimerEvent.CONTINUE), r.eventKinds());
        assertEquals(1_000_000L, r.events.get(2).resolution());
        assertEquals(0, r.events.get(1).resolution());
        ti.stop();
        assertFalse(ti.isPaused(), "stop clears the paused state");
    }

    @Test
    void noEventOnFailure() {
        Recorder r = new Recorder();
        TimerInstance ti = open(r, true);
        assertErrno(Errno.EBUSY, ti::stop);
        assertErrno(Errno.EINVAL, () -> ti.start(0));
        assertEquals(List.of(), r.events);
    }

    @Test
    void ticksCountDownAndAutoRestarts() {
        Recorder r = new Recorder();
        TimerInstance ti = open(r, true);
        ti.start(1);
        for (int i = 0; i < 5; i++) {
            hw.fire(1);
        }
        assertEquals(Collections.nCopies(5, new Recorder.Tick(1_000_000L, 1)), r.ticks);
        assertTrue(ti.isRunning());
    }

    @Test
    void nonAutoStopsAfterOneCallbackAndStopsTheHardware() {
        Recorder r = new Recorder();
        TimerInstance ti = open(r, false);
        ti.start(1);
        assertEquals(1, hw.hwStarts);
        hw.fire(1);
        hw.fire(1);
        assertEquals(List.of(new Recorder.Tick(1_000_000L, 1)), r.ticks);
        assertFalse(ti.isRunning());
        assertEquals(1, hw.hwStops);
        assertErrno(Errno.EBUSY, ti::stop);
    }

    @Test
    void interruptWithSeveralHardwareTicksCarriesThemAll() {
        Recorder r = new Recorder();
        TimerInstance ti = open(r, true);
        ti.start(1);
        hw.fire(7);
        assertEquals(List.of(new Recorder.Tick(1_000_000L, 7)), r.ticks);
    }

    @Test
    void hardwareStartsOnFirstAndStopsOnLast() {
        TimerInstance a = open(new Recorder(), true);
        TimerInstance b = open(new Recorder(), true);
        a.start(1);
        b.start(1); // delayed: no second hardware start
        assertEquals(1, hw.hwStarts);
        hw.fire(1);
        a.stop();
        assertEquals(0, hw.hwStops);
        b.stop();
        assertEquals(1, hw.hwStops);
    }

    @Test
    void closeStopsAndLeavesTheTimer() {
        Recorder r = new Recorder();
        TimerInstance ti = open(r, true);
        ti.start(1);
        ti.close();
        assertEquals(0, hw.clients());
        assertEquals(1, hw.hwStops);
        hw.fire(1);
        assertEquals(List.of(), r.ticks);
        assertDoesNotThrow(ti::close);
        assertEquals(0, hw.clients());
    }

    @Test
    void unregisterDetachesAndReportsGone() {
        Recorder r = new Recorder();
        TimerInstance ti = open(r, true);
        ti.start(1);
        core.unregister(hw);
        assertEquals(1, r.gone);
        assertEquals(null, ti.timer());
        assertFalse(ti.isRunning());
        assertEquals(0, ti.resolution());
        assertErrno(Errno.EINVAL, () -> ti.start(1));
        assertErrno(Errno.EINVAL, ti::stop);
        assertErrno(Errno.EINVAL, ti::pause);
        assertErrno(Errno.EINVAL, ti::continueTimer);
        assertErrno(Errno.EINVAL, () -> ti.setFlags(true, false));
        hw.fire(1);
        assertEquals(List.of(), r.ticks);
    }

    @Test
    void openAbsentTimerIsEnodev() {
        assertErrno(Errno.ENODEV, () -> core.open(new TimerId(2, 0, 1, 0, 0), "x", new Recorder()));
    }

    @Test
    void slaveTimerSkipsTheStartBound() {
        FakeTimer slave = new FakeTimer(new TimerId(TimerId.CLASS_PCM, 0, 0, 0, 0), "PCM", "PCM Playback 0-0-0", 1L,
                true);
        FakeTimer fast = new FakeTimer(new TimerId(TimerId.CLASS_CARD, 0, 5, 0, 0), "fast", "fast", 99_999L, false);
        core.register(slave);
        core.register(fast);
        TimerInstance onSlave = core.open(slave.id(), "x", new Recorder());
        assertDoesNotThrow(() -> onSlave.start(1)); // 1 ns × 1 < 100 µs, but HW_SLAVE
        TimerInstance onFast = core.open(fast.id(), "y", new Recorder());
        assertErrno(Errno.EINVAL, () -> onFast.start(1)); // 99 999 ns < 100 µs
        assertDoesNotThrow(() -> onFast.start(2));
    }

    @Test
    void slaveTimerParamsSkipTicksAndResolutionChecks() {
        FakeTimer slave = new FakeTimer(new TimerId(TimerId.CLASS_PCM, 0, 0, 0, 0), "PCM", "PCM Playback 0-0-0", 1L,
                true);
        core.register(slave);
        TimerUser u = newUser(core);
        u.select(slave.id());
        assertDoesNotThrow(() -> u.params(params(AUTO, 0)));
        assertErrno(Errno.EINVAL, u::start); // the core still refuses ticks < 1
        u.params(params(AUTO, 1));
        u.start();
        slave.fire(1);
        assertEquals(List.of(new TimerRead(1, 1)), readPlain(u));
        assertErrno(Errno.EINVAL, () -> u.params(params(AUTO, 1, 31, 0)));
    }

    @Test
    void slaveTimerStartsAtOnceEvenWhenRunning() {
        FakeTimer slave = new FakeTimer(new TimerId(TimerId.CLASS_PCM, 0, 0, 0, 0), "PCM", "PCM Playback 0-0-0",
                21_333_333L, true);
        core.register(slave);
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        TimerInstance ta = core.open(slave.id(), "a", a);
        TimerInstance tb = core.open(slave.id(), "b", b);
        ta.setFlags(true, false);
        tb.setFlags(true, false);
        ta.start(1);
        tb.start(1);
        slave.fire(1);
        assertEquals(1, a.ticks.size());
        assertEquals(1, b.ticks.size(), "no delayed start on a HW_SLAVE timer");
    }
}
