package org.sndfuse.clock;

import java.util.PriorityQueue;

/**
 * A clock that moves only through {@link #advance(long)}: due tasks run on the calling thread,
 * in deadline order, each seeing {@link #nanos()} equal to its own deadline.
 * Lock: a private lock guards the time and the queue; tasks run outside it.
 */
public final class VirtualClock implements Clock {
    private final Object lock = new Object();
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long now;
    private long seq;

    public VirtualClock(long startNanos) {
        this.now = startNanos;
    }

    public VirtualClock() {
        this(1_000_000_000L);
    }

    @Override
    public long nanos() {
        synchronized (lock) {
            return now;
        }
    }

    @Override
    public Scheduled schedule(long deadlineNanos, Runnable task) {
        synchronized (lock) {
            Task t = new Task(deadlineNanos, seq++, task);
            queue.add(t);
            return t;
        }
    }

    /** Moves time forward by {@code deltaNanos}, running every task that falls due on the way. */
    public void advance(long deltaNanos) {
        if (deltaNanos < 0) {
            throw new IllegalArgumentException("time only moves forward");
        }
        long target;
        synchronized (lock) {
            target = now + deltaNanos;
        }
        while (true) {
            Task next;
            synchronized (lock) {
                next = queue.peek();
                if (next == null || next.deadline > target) {
                    now = target;
                    return;
                }
                queue.poll();
                if (next.deadline > now) {
                    now = next.deadline;
                }
            }
            if (!next.cancelled) {
                next.task.run();
            }
        }
    }

    /** Number of tasks still pending (cancelled ones included until their deadline passes). */
    public int pending() {
        synchronized (lock) {
            return (int) queue.stream().filter(t -> !t.cancelled).count();
        }
    }

    private static final class Task implements Comparable<Task>, Scheduled {
        final long deadline;
        final long order;
        final Runnable task;
        volatile boolean cancelled;

        Task(long deadline, long order, Runnable task) {
            this.deadline = deadline;
            this.order = order;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Task o) {
            int c = Long.compare(deadline, o.deadline);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }
}
