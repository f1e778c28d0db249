package org.sndfuse.clock;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real clock: {@link System#nanoTime()} (CLOCK_MONOTONIC on Linux) and one daemon scheduler thread.
 * Tasks must be short: they run on the shared scheduler thread.
 */
public final class MonotonicClock implements Clock, AutoCloseable {
    private final ScheduledThreadPoolExecutor executor;

    public MonotonicClock() {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "sndfuse-clock");
            t.setDaemon(true);
            t.setPriority(Thread.MAX_PRIORITY);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public long nanos() {
        return System.nanoTime();
    }

    @Override
    public Scheduled schedule(long deadlineNanos, Runnable task) {
        long delay = Math.max(0, deadlineNanos - System.nanoTime());
        ScheduledFuture<?> f = executor.schedule(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                System.err.println("sndfuse: clock task failed: " + e);
            }
        }, delay, TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
