package org.sndfuse.aloop;

/**
 * Hooks for an event stream or statistics. The card calls them after releasing its locks, on whichever thread
 * caused the event (an ioctl, a timer trigger, a clock task); implementations must be quick and may call back
 * into the substream.
 */
public interface LoopbackObserver {
    default void opened(PcmSubstream s) {}

    default void prepared(PcmSubstream s) {}

    /** START, an automatic start by a threshold, or a drain that started a prepared stream. */
    default void started(PcmSubstream s) {}

    /** The stream stopped into {@code newState} (SETUP after drop or a finished drain, DRAINING for capture). */
    default void stopped(PcmSubstream s, int newState) {}

    default void paused(PcmSubstream s) {}

    default void resumed(PcmSubstream s) {}

    default void draining(PcmSubstream s) {}

    /** The stream went to XRUN; {@code reason} names why (the kernel's log line for a resolution mismatch). */
    default void xrun(PcmSubstream s, String reason) {}

    default void closed(PcmSubstream s) {}

    /**
     * A period elapsed on a running stream: {@code bytes} moved since the last report, the hardware pointer is
     * now {@code hwPtr} frames.
     */
    default void periodElapsed(PcmSubstream s, long bytes, long hwPtr) {}

    /** A control's value changed (snd_ctl_notify). */
    default void controlChanged(int device, int subdevice, LoopbackControl control) {}
}
