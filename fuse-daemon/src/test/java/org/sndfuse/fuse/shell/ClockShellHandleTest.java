package org.sndfuse.fuse.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sndfuse.fuse.HandleTestSupport.assertErrno;
import static org.sndfuse.fuse.HandleTestSupport.readAvailable;
import static org.sndfuse.fuse.HandleTestSupport.write;
import static org.sndfuse.fuse.HandleTestSupport.writeFails;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sndfuse.clock.Clock;
import org.sndfuse.clock.VirtualClock;
import org.sndfuse.errno.Errno;
import org.sndfuse.timer.TimerCore;
import org.sndfuse.timer.TimerUser;
import org.sndfuse.abi.timer.TimerId;
import org.sndfuse.abi.timer.TimerParams;

/** {@code ctl/clock}: durations, advancing a virtual clock, refusing a real one. */
class ClockShellHandleTest {
    /** A non-virtual clock that never runs anything. */
    static final class FixedClock implements Clock {
        final long now;
        final List<Runnable> scheduled = new ArrayList<>();

        FixedClock(long now) {
            this.now = now;
        }

        @Override
        public long nanos() {
            return now;
        }

        @Override
        public Scheduled schedule(long deadlineNanos, Runnable task) {
            scheduled.add(task);
            return () -> { };
        }
    }

    // ---- parse ----

    @ParameterizedTest
    @CsvSource({
        "10ms, 10000000",
        "250us, 250000",
        "2s, 2000000000",
        "1000ns, 1000",
        "0ns, 0",
        "0s, 0",
        "480frames@48000, 10000000",
        "960frames@48000, 20000000",
        "1024frames@48000, 21333333",
        "1frames@3, 333333333",
        "0frames@48000, 0",
        "3600s, 3600000000000",
        "3600000ms, 3600000000000",
        "007ms, 7000000"})
    void parsesDurations(String text, long nanos) {
        assertEquals(nanos, ClockShellHandle.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10", "ms", "10 ms", "10MS", "10m", "10sec", "-5ms", "+5ms", "1.5ms", "1e3ns",
        "10msx", " 10ms", "frames@48000", "480frames", "480frames@", "480frames@0", "480 frames@48000",
        "480frames@-1", "\u0001\u00ffms"})
    void garbageIsEinval(String text) {
        assertErrno(Errno.EINVAL, () -> ClockShellHandle.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999999999999999999ns", "9223372036854775807s", "9223372036854775807ms",
        "9223372036854775807frames@1", "9223372036854775807frames@48000", "1frames@99999999999999999999"})
    void overflowIsEinval(String text) {
        assertErrno(Errno.EINVAL, () -> ClockShellHandle.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"3601s", "3600000000001ns", "3600000001us", "3600001ms", "172800001frames@48000"})
    void moreThanAnHourIsEinval(String text) {
        assertErrno(Errno.EINVAL, () -> ClockShellHandle.parse(text));
    }

    // ---- the handle ----

    @Test
    void firstReadShowsTheClock() {
        VirtualClock clock = new VirtualClock(1_234_567_890L);
        ClockShellHandle h = new ClockShellHandle(clock);
        assertEquals("clock virtual now 1.234567890 ns 1234567890\n", readAvailable(h));
        assertEquals("", readAvailable(h), "then end-of-file");
        assertEquals("clock virtual now 1.000000000 ns 1000000000\n",
                readAvailable(new ClockShellHandle(new VirtualClock())));
        assertEquals("clock virtual now 0.000000005 ns 5\n", readAvailable(new ClockShellHandle(new VirtualClock(5))));
    }

    @Test
    void showDescribesTheClockAgain() {
        VirtualClock clock = new VirtualClock();
        ClockShellHandle h = new ClockShellHandle(clock);
        readAvailable(h);
        write(h, "advance 2s\nshow\n");
        assertEquals("clock virtual now 3.000000000 ns 3000000000\n", readAvailable(h));
        writeFails(h, "show now\n", Errno.EINVAL);
    }

    @Test
    void advanceMovesAVirtualClockAndRunsDueTasks() {
        VirtualClock clock = new VirtualClock();
        List<Long> ran = new ArrayList<>();
        clock.schedule(1_005_000_000L, () -> ran.add(clock.nanos()));
        clock.schedule(1_020_000_000L, () -> ran.add(clock.nanos()));
        ClockShellHandle h = new ClockShellHandle(clock);
        readAvailable(h);
        write(h, "advance 10ms\n");
        assertEquals(1_010_000_000L, clock.nanos());
        assertEquals(List.of(1_005_000_000L), ran, "the task due on the way ran at its deadline");
        write(h, "advance 480frames@48000\n");
        assertEquals(1_020_000_000L, clock.nanos());
        assertEquals(List.of(1_005_000_000L, 1_020_000_000L), ran);
        write(h, "advance 250us\nadvance 1000ns\n");
        assertEquals(1_020_251_000L, clock.nanos());
        assertEquals("", readAvailable(h), "advance answers nothing");
    }

    @Test
    void advanceDrivesTheSystemTimer() {
        VirtualClock clock = new VirtualClock();
        TimerCore core = new TimerCore(clock, 250);
        TimerUser u = new TimerUser(core, 1);
        try {
            u.select(TimerId.global(TimerId.GLOBAL_SYSTEM, 0));
            u.params(new TimerParams(TimerParams.PSFLG_AUTO, 1, 0, 0));
            u.start();
            ClockShellHandle h = new ClockShellHandle(clock);
            write(h, "advance 1s\n");
            byte[] r = u.read(8, true, () -> false);
            assertEquals(250, org.sndfuse.abi.timer.TimerRead.decode(r).ticks());
        } finally {
            u.release();
        }
    }

    @Test
    void advanceErrorsLeaveTheClockWhereItWas() {
        VirtualClock clock = new VirtualClock();
        ClockShellHandle h = new ClockShellHandle(clock);
        readAvailable(h);
        writeFails(h, "advance 2h\n", Errno.EINVAL);
        writeFails(h, "advance 3601s\n", Errno.EINVAL);
        writeFails(h, "advance\n", Errno.EINVAL);
        writeFails(h, "advance 1s 2s\n", Errno.EINVAL);
        writeFails(h, "advance 99999999999999999999s\n", Errno.EINVAL);
        assertEquals(1_000_000_000L, clock.nanos());
        String out = readAvailable(h);
        assertEquals(5, out.split("\n").length, out);
        for (String l : out.split("\n")) {
            assertTrue(l.startsWith("error EINVAL: "), l);
        }
        writeFails(h, "rewind 1s\n", Errno.EINVAL);
        assertTrue(readAvailable(h).startsWith("error EINVAL: unknown command 'rewind'"));
    }

    @Test
    void advanceOnARealClockIsEperm() {
        FixedClock clock = new FixedClock(2_500_000_000L);
        ClockShellHandle h = new ClockShellHandle(clock);
        assertEquals("clock monotonic now 2.500000000 ns 2500000000\n", readAvailable(h));
        writeFails(h, "advance 10ms\n", Errno.EPERM);
        String out = readAvailable(h);
        assertTrue(out.startsWith("error EPERM: "), out);
        assertTrue(out.contains("--clock virtual"), out);
        assertFalse(out.contains("\n") && out.indexOf('\n') != out.length() - 1, out);
        write(h, "show\n");
        assertEquals("clock monotonic now 2.500000000 ns 2500000000\n", readAvailable(h));
        assertTrue(clock.scheduled.isEmpty());
    }

    @Test
    void argumentCountIsCheckedBeforeTheClockKind() {
        ClockShellHandle h = new ClockShellHandle(new FixedClock(0));
        writeFails(h, "advance\n", Errno.EINVAL);
    }
}
