package org.sndfuse.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.function.Executable;
import org.sndfuse.abi.timer.TimerEvent;
import org.sndfuse.abi.timer.TimerId;
import org.sndfuse.abi.timer.TimerParams;
import org.sndfuse.abi.timer.TimerRead;
import org.sndfuse.abi.timer.TimerTread;
import org.sndfuse.clock.Clock;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

/** Shared helpers of the timer core tests. */
final class TimerTestSupport {
    private TimerTestSupport() {}

    static final int HZ = 250;
    static final long SYSTEM_RES = 4_000_000L;
    /** 1 ms: the smallest utimer resolution for which PARAMS accepts ticks = 1. */
    static final long UTIMER_RES = 1_000_000L;
    /** The upstream selftest's resolution: 1e9/8000 × 4410. */
    static final long SELFTEST_RES = 551_250_000L;

    static final TimerId SYSTEM = TimerId.global(TimerId.GLOBAL_SYSTEM, 0);
    static final TimerId HRTIMER = TimerId.global(TimerId.GLOBAL_HRTIMER, 0);

    static final int AUTO = TimerParams.PSFLG_AUTO;
    static final int EXCLUSIVE = TimerParams.PSFLG_EXCLUSIVE;
    static final int EARLY = TimerParams.PSFLG_EARLY_EVENT;

    static final long F_RESOLUTION = 1L << TimerEvent.RESOLUTION;
    static final long F_TICK = 1L << TimerEvent.TICK;
    static final long F_START = 1L << TimerEvent.START;
    static final long F_STOP = 1L << TimerEvent.STOP;
    static final long F_CONTINUE = 1L << TimerEvent.CONTINUE;
    static final long F_PAUSE = 1L << TimerEvent.PAUSE;
    static final long F_STATE = F_START | F_STOP | F_CONTINUE | F_PAUSE;

    private static final AtomicInteger PIDS = new AtomicInteger(1000);

    static TimerId utimer(int id) {
        return TimerId.global(TimerId.GLOBAL_UDRIVEN, id);
    }

    static TimerUser newUser(TimerCore core) {
        return new TimerUser(core, PIDS.incrementAndGet());
    }

    static TimerParams params(int flags, long ticks) {
        return new TimerParams(flags, ticks, 0, 0);
    }

    static TimerParams params(int flags, long ticks, long queueSize, long filter) {
        return new TimerParams(flags, ticks, queueSize, filter);
    }

    /** A client that selected {@code id}, set AUTO + the given ticks/filter, and started. */
    static TimerUser started(TimerCore core, TimerId id, boolean tread, long ticks, long filter) {
        TimerUser u = newUser(core);
        if (tread) {
            u.tread(1);
        }
        u.select(id);
        u.params(params(AUTO, ticks, 0, filter));
        u.start();
        return u;
    }

    /** A plain-mode AUTO ticks=1 listener on utimer {@code id}, started. */
    static TimerUser plainListener(TimerCore core, int id) {
        return started(core, utimer(id), false, 1, 0);
    }

    static void assertErrno(int errno, Executable e) {
        SndException ex = assertThrows(SndException.class, e);
        assertEquals(errno, ex.errno(), () -> "expected " + Errno.name(errno) + " but got " + ex.getMessage());
    }

    /** Everything queued now, as plain records (non-blocking; empty when nothing is queued). */
    static List<TimerRead> readPlain(TimerUser u) {
        byte[] b = readAll(u, TimerRead.SIZE);
        List<TimerRead> out = new ArrayList<>();
        for (int off = 0; off < b.length; off += TimerRead.SIZE) {
            out.add(TimerRead.decode(java.util.Arrays.copyOfRange(b, off, off + TimerRead.SIZE)));
        }
        return out;
    }

    static List<TimerTread> readTread(TimerUser u) {
        byte[] b = readAll(u, TimerTread.SIZE);
        List<TimerTread> out = new ArrayList<>();
        for (int off = 0; off < b.length; off += TimerTread.SIZE) {
            out.add(TimerTread.decode(java.util.Arrays.copyOfRange(b, off, off + TimerTread.SIZE)));
        }
        return out;
    }

    private static byte[] readAll(TimerUser u, int unit) {
        assertEquals(unit, u.recordSize(), "record format");
        try {
            byte[] b = u.read(unit * 4096, true, () -> false);
            assertEquals(0, b.length % unit, "whole records only");
            return b;
        } catch (SndException e) {
            assertEquals(Errno.EAGAIN, e.errno(), e.getMessage());
            return new byte[0];
        }
    }

    /** Sum of the ticks of everything queued now (plain mode). */
    static long drainTicks(TimerUser u) {
        long sum = 0;
        for (TimerRead r : readPlain(u)) {
            sum += r.ticks();
        }
        return sum;
    }

    static void triggers(TimerUser owner, int n) {
        for (int i = 0; i < n; i++) {
            owner.trigger();
        }
    }

    /** Waits (without timing assertions) until {@code t} is parked inside a blocking read. */
    static void awaitBlocked(Thread t) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (t.getState() != Thread.State.TIMED_WAITING && t.getState() != Thread.State.WAITING) {
            if (!t.isAlive()) {
                fail("reader finished before blocking");
            }
            if (System.nanoTime() > deadline) {
                fail("reader never blocked, state " + t.getState());
            }
            Thread.onSpinWait();
        }
    }

    /** Records everything an instance reports. */
    static final class Recorder implements TimerListener {
        record Tick(long resolution, long ticks) {}

        record Event(int event, long tstamp, long resolution) {}

        final List<Tick> ticks = new ArrayList<>();
        final List<Event> events = new ArrayList<>();
        int gone;

        @Override
        public synchronized void onTick(TimerInstance instance, long resolutionNs, long ticks) {
            this.ticks.add(new Tick(resolutionNs, ticks));
        }

        @Override
        public synchronized void onEvent(TimerInstance instance, int event, long tstampNanos, long resolutionNs) {
            events.add(new Event(event, tstampNanos, resolutionNs));
        }

        @Override
        public synchronized void onTimerGone(TimerInstance instance) {
            gone++;
        }

        synchronized long totalTicks() {
            return ticks.stream().mapToLong(Tick::ticks).sum();
        }

        synchronized List<Integer> eventKinds() {
            return events.stream().map(Event::event).toList();
        }
    }

    /**
     * A clock whose due tasks run only when the test says so, at whatever time it has set: the late wake-up
     * of a loaded machine.
     */
    static final class ManualClock implements Clock {
        private final List<Object[]> tasks = new ArrayList<>();
        private long now;

        ManualClock(long now) {
            this.now = now;
        }

        @Override
        public synchronized long nanos() {
            return now;
        }

        synchronized void set(long nanos) {
            now = nanos;
        }

        @Override
        public synchronized Scheduled schedule(long deadlineNanos, Runnable task) {
            boolean[] cancelled = {false};
            tasks.add(new Object[] {deadlineNanos, task, cancelled});
            return () -> {
                synchronized (ManualClock.this) {
                    cancelled[0] = true;
                }
            };
        }

        /** Runs every task whose deadline has passed, earliest first, at the current time. */
        void runDue() {
            while (true) {
                Runnable r = null;
                synchronized (this) {
                    Object[] best = null;
                    for (Object[] t : tasks) {
                        if (((boolean[]) t[2])[0]) {
                            continue;
                        }
                        if ((long) t[0] <= now && (best == null || (long) t[0] < (long) best[0])) {
                            best = t;
                        }
                    }
                    if (best != null) {
                        tasks.remove(best);
                        r = (Runnable) best[1];
                    }
                }
                if (r == null) {
                    return;
                }
                r.run();
            }
        }

        synchronized int pending() {
            return (int) tasks.stream().filter(t -> !((boolean[]) t[2])[0]).count();
        }
    }
}
