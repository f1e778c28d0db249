package org.sndfuse.concurrent;

import java.util.concurrent.TimeUnit;

/**
 * The longest a blocked call sleeps before it re-checks whether its caller was interrupted or died.
 * FUSE delivers a client's signal as an interrupt flag the daemon must poll (docs/kernel-facts.md, "FUSE
 * transport facts"), so a SIGKILLed client is released within one slice.
 */
public final class WaitSlice {
    public static final long NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    public static final long MILLIS = TimeUnit.NANOSECONDS.toMillis(NANOS);

    private WaitSlice() {
    }
}
