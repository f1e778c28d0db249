package org.sndfuse.rtp;

/**
 * The sender's sample rate measured against the local clock, robustly: arrival delays are one-sided (a
 * packet can be late, never early), so in each second of arrivals only the least-delayed packet is kept
 * (the lower envelope), and a least-squares line through those points (arrival time, RTP timestamp) gives
 * the rate. A scheduling stall or a burst then moves no point; Welford-style co-moments keep the fit
 * precise over long runs. "Least delayed" is judged against the nominal rate, the same for every second: a
 * ranking that changed during the run (the estimate so far) would pick differently delayed points early and
 * late and tilt the line.
 */
public final class RateEstimator {
    private static final long BIN_NANOS = 1_000_000_000L;
    private final int nominal;
    private long n;
    private long x0;
    private long y0;
    private double meanX;
    private double meanY;
    private double cxx;
    private double cxy;
    private boolean primed;
    private long bin;
    private double binX;
    private double binY;
    private double binDelay = Double.NaN;

    public RateEstimator(int nominal) {
        this.nominal = nominal;
    }

    /** Adds one packet: its arrival in nanoseconds and its (extended) RTP timestamp in frames. */
    public void add(long arrivalNanos, long timestamp) {
        if (!primed) {
            primed = true;
            x0 = arrivalNanos;
            y0 = timestamp;
        }
        long b = (arrivalNanos - x0) / BIN_NANOS;
        if (b > bin) {              // an out-of-order arrival time stays in the current second
            flush();
            bin = b;
        }
        double x = (arrivalNanos - x0) / 1e9;
        double y = timestamp - y0;
        double delay = x - y / nominal;
        if (Double.isNaN(binDelay) || delay < binDelay) {
            binDelay = delay;
            binX = x;
            binY = y;
        }
    }

    private void flush() {
        if (Double.isNaN(binDelay)) {
            return;
        }
        n++;
        double dx = binX - meanX;
        meanX += dx / n;
        meanY += (binY - meanY) / n;
        cxx += dx * (binX - meanX);
        cxy += dx * (binY - meanY);
        binDelay = Double.NaN;
    }

    /** Seconds of arrivals that went into the fit. */
    public long count() {
        return n;
    }

    /** Frames per second of local time, or NaN before three whole seconds. */
    public double rate() {
        return n >= 3 && cxx > 0 ? cxy / cxx : Double.NaN;
    }

    /** The sender's rate against the nominal rate in parts per million, or NaN when unknown. */
    public double ppm() {
        return (rate() / nominal - 1) * 1e6;
    }

    public void reset() {
        n = 0;
        primed = false;
        bin = 0;
        binDelay = Double.NaN;
        meanX = meanY = cxx = cxy = 0;
    }
}
