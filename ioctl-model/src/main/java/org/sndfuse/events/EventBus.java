package org.sndfuse.events;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.sndfuse.clock.Clock;
import org.sndfuse.concurrent.PollWaiter;

/**
 * The daemon's live event stream: publishers hand over {@code KIND KEY=VALUE...}; every subscriber gets
 * {@code TIME KIND KEY=VALUE...} lines from the moment it subscribed. A slow subscriber never blocks a
 * publisher: past its capacity the oldest lines are dropped and a {@code lost N} line says so.
 */
public final class EventBus {
    private final Clock clock;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

    public EventBus(Clock clock) {
        this.clock = clock;
    }

    public Clock clock() {
        return clock;
    }

    /** Publishes one event; {@code fields} is "key=value key=value" (may be empty). */
    public void publish(String kind, String fields) {
        if (subscriptions.isEmpty()) {
            return;
        }
        long now = clock.nanos();
        String line = String.format(Locale.ROOT, "%d.%09d %s%s%n", now / 1_000_000_000L, now % 1_000_000_000L, kind,
                fields == null || fields.isEmpty() ? "" : " " + fields);
        for (Subscription s : subscriptions) {
            s.offer(line);
        }
    }

    public Subscription subscribe(int capacity) {
        Subscription s = new Subscription(this, capacity);
        subscriptions.add(s);
        return s;
    }

    public int subscribers() {
        return subscriptions.size();
    }

    /** One reader's bounded queue of lines. Lock: its private {@code lock} guards the queue and the waiter. */
    public static final class Subscription {
        private final EventBus bus;
        private final int capacity;
        private final Object lock = new Object();
        private final ArrayDeque<String> lines = new ArrayDeque<>();
        private final PollWaiter waiter = new PollWaiter();
        private long lost;

        Subscription(EventBus bus, int capacity) {
            this.bus = bus;
            this.capacity = Math.max(1, capacity);
        }

        void offer(String line) {
            Runnable w;
            synchronized (lock) {
                if (lines.size() >= capacity) {
                    lines.pollFirst();
                    lost++;
                }
                lines.addLast(line);
                w = waiter.take();
            }
            PollWaiter.run(w);
        }

        /** Takes everything queued, preceded by {@code lost N} if lines were dropped since the last take. */
        public String take() {
            StringBuilder b = new StringBuilder();
            synchronized (lock) {
                if (lost > 0) {
                    b.append("lost ").append(lost).append('\n');
                    lost = 0;
                }
                while (!lines.isEmpty()) {
                    b.append(lines.pollFirst());
                }
            }
            return b.toString();
        }

        /** Runs {@code w} once when a line arrives (at once if some are queued; a replaced waiter runs too). */
        public void onAvailable(Runnable w) {
            Runnable due;
            synchronized (lock) {
                due = waiter.register(lines.isEmpty() && lost == 0 ? 0 : 1, w);
            }
            PollWaiter.run(due);
        }

        public void close() {
            bus.subscriptions.remove(this);
        }
    }
}
