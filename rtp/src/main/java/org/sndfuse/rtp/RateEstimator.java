package org.sndfuse.rtp;

/**
 * The sender's sample rate measured against the local clock: a least-squares line through (arrival time,
 * RTP timestamp) points, updated online with Welford-style co-moments so a long run loses no precision.
 * Arrival delays only scatter the points; over many packets the slope is the sender's clock.
 */
public final class RateEstimator {
    private long n;
    private long x0;
    private long y0;
    private double meanX;
    private double meanY;
    private double cxx;
    private double cxy;

    /** Adds one packet: its arrival in nanoseconds and its (extended) RTP timestamp in frames. */
    public void add(long arrivalNanos, long timestamp) {
        if (n == 0) {
            x0 = arrivalNanos;
            y0 = timestamp;
        }
        double x = (arrivalNanos - x0) / 1e9;
        double y = timestamp - y0;
        n++;
        double dx = x - meanX;
        meanX += dx / n;
        meanY += (y - meanY) / n;
        cxx += dx * (x - meanX);
        cxy += dx * (y - meanY);
    }

    public long count() {
        return n;
    }

    /** Frames per second of local time, or NaN before two distinct arrival times. */
    public double rate() {
        return cxx > 0 ? cxy / cxx : Double.NaN;
    }

    /** The sender's rate against {@code nominal} in parts per million, or NaN when unknown. */
    public double ppm(int nominal) {
        return (rate() / nominal - 1) * 1e6;
    }

    public void reset() {
        n = 0;
        meanX = meanY = cxx = cxy = 0;
    }
}
