package org.sndfuse.timer;

/** Lifecycle notifications of the core, for the event stream and statistics. Called without core locks. */
public interface TimerCoreObserver {
    default void userTimerCreated(UserTimer timer) {}

    default void userTimerDestroyed(UserTimer timer) {}

    default void userTimerTriggered(UserTimer timer) {}
}
