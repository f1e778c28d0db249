package org.sndfuse.clock;

/**
 * Monotonic time and deferred work, injected everywhere a rule depends on time.
 * The real implementation follows CLOCK_MONOTONIC; {@link VirtualClock} moves only when told.
 */
public interface Clock {
    /** Monotonic nanoseconds (same epoch as CLOCK_MONOTONIC for the real clock). */
    long nanos();

    /** Runs {@code task} once, as soon as {@link #nanos()} reaches {@code deadlineNanos}. */
    Scheduled schedule(long deadlineNanos, Runnable task);

    /** A pending task; cancel is idempotent and safe from any thread. */
    interface Scheduled {
        void cancel();
    }
}
