package org.sndfuse.concurrent;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The one-shot callbacks of requests that wait without a thread (docs/fuse-transport.md, "The low-level
 * transport"): each runs once, at the next wake-up of the object it waits on, after the owner has unlocked. A
 * callback registered twice is held once; one given up (interrupt, timeout) is removed, so the set holds at most
 * the requests waiting now. Not thread-safe on its own: the owner guards it with its lock, as {@link PollWaiter}.
 */
public final class ReadyCallbacks {
    private final Set<Runnable> waiting = new LinkedHashSet<>();

    public void add(Runnable callback) {
        waiting.add(callback);
    }

    public void remove(Runnable callback) {
        waiting.remove(callback);
    }

    /** Takes every registered callback: the owner runs them once it has unlocked (null if none). */
    public Runnable take() {
        if (waiting.isEmpty()) {
            return null;
        }
        List<Runnable> due = new ArrayList<>(waiting);
        waiting.clear();
        return () -> due.forEach(Runnable::run);
    }

    public int size() {
        return waiting.size();
    }
}
