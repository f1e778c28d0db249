package org.sndfuse.events;

import java.util.HashMap;
import java.util.Map;
import org.sndfuse.clock.Clock;
import org.sndfuse.timer.TimerCoreObserver;
import org.sndfuse.timer.UserTimer;

/**
 * Turns utimer lifecycle into events: {@code utimer-create}, {@code utimer-destroy}, and {@code utimer-trigger}.
 * Triggers are reported one by one up to {@link #INDIVIDUAL_PER_SECOND} per timer and second; above that rate the
 * rest of the second is summed into one {@code utimer-trigger ... coalesced=1} line when the second ends.
 */
public final class TimerEventPublisher implements TimerCoreObserver {
    public static final int INDIVIDUAL_PER_SECOND = 10;
    private static final long WINDOW_NS = 1_000_000_000L;

    private final EventBus bus;
    private final Clock clock;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private final Map<UserTimer, Window> windows = new HashMap<>();

    public TimerEventPublisher(EventBus bus) {
        this.bus = bus;
        this.clock = bus.clock();
    }

    @Override
    public void userTimerCreated(UserTimer t) {
        bus.publish("utimer-create", "id=" + t.number() + " name=" + t.idString() + " resolution=" + t.resolution());
    }

    @Override
    public void userTimerDestroyed(UserTimer t) {
        Window w;
        synchronized (lock) {
            w = windows.remove(t);
        }
        if (w != null) {
            flush(t, w);
        }
        bus.publish("utimer-destroy", "id=" + t.number() + " ticks=" + t.triggers());
    }

    @Override
    public void userTimerTriggered(UserTimer t) {
        if (bus.subscribers() == 0) {
            return;
        }
        long now = clock.nanos();
        boolean individual;
        synchronized (lock) {
            Window w = windows.computeIfAbsent(t, k -> new Window(now));
            if (now - w.start >= WINDOW_NS && w.coalesced == 0) {
                w.start = now;
                w.individual = 0;
            }
            individual = w.individual < INDIVIDUAL_PER_SECOND && w.coalesced == 0;
            if (individual) {
                w.individual++;
            } else {
                if (w.coalesced == 0) {
                    long end = w.start + WINDOW_NS;
                    clock.schedule(end, () -> windowEnded(t, w));
                }
                w.coalesced++;
            }
        }
        if (individual) {
            bus.publish("utimer-trigger", "id=" + t.number() + " count=1 total=" + t.triggers());
        }
    }

    private void windowEnded(UserTimer t, Window w) {
        synchronized (lock) {
            if (windows.get(t) != w) {
                return; // destroyed: already flushed
            }
        }
        flush(t, w);
    }

    private void flush(UserTimer t, Window w) {
        long n;
        synchronized (lock) {
            n = w.coalesced;
            w.coalesced = 0;
            w.individual = 0;
            w.start = clock.nanos();
        }
        if (n > 0) {
            bus.publish("utimer-trigger", "id=" + t.number() + " count=" + n + " total=" + t.triggers() + " coalesced=1");
        }
    }

    private static final class Window {
        long start;
        int individual;
        long coalesced;

        Window(long start) {
            this.start = start;
        }
    }
}
