package org.sndfuse.timer;

/**
 * What a timer instance's owner is told. Both calls come without any timer lock held
 * (as the kernel runs instance callbacks after dropping timer->lock), so a listener may take its own locks
 * and may call back into its instance.
 */
public interface TimerListener {
    /** The instance's tick period elapsed {@code ticks} times at {@code resolutionNs} per tick. */
    void onTick(TimerInstance instance, long resolutionNs, long ticks);

    /**
     * A state notification (START, STOP, CONTINUE, PAUSE, from {@link org.sndfuse.abi.timer.TimerEvent}),
     * stamped with the monotonic time it happened; {@code resolutionNs} is set for START and CONTINUE.
     */
    default void onEvent(TimerInstance instance, int event, long tstampNanos, long resolutionNs) {}

    /** The timer was unregistered under this instance (e.g. its utimer owner closed); no more ticks come. */
    default void onTimerGone(TimerInstance instance) {}
}
