package org.sndfuse.rtp;

/**
 * RFC 3550 §6.4.1 interarrival jitter: the smoothed mean deviation of the transit-time difference between
 * packets, J += (|D| - J) / 16, in timestamp units.
 */
public final class InterarrivalJitter {
    private final int rate;
    private boolean primed;
    private double lastTransit;
    private double jitter;

    public InterarrivalJitter(int rate) {
        this.rate = rate;
    }

    public void add(long arrivalNanos, long timestamp) {
        double transit = arrivalNanos * (rate / 1e9) - timestamp;
        if (primed) {
            jitter += (Math.abs(transit - lastTransit) - jitter) / 16;
        }
        lastTransit = transit;
        primed = true;
    }

    /** Restarts the transit reference (a new sender timeline); the running value is kept. */
    public void restart() {
        primed = false;
    }

    /** In timestamp units (frames). */
    public double frames() {
        return jitter;
    }

    public double millis() {
        return jitter * 1000.0 / rate;
    }
}
