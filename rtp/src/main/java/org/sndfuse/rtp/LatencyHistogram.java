package org.sndfuse.rtp;

/**
 * Latencies in 50 microsecond buckets up to 500 ms (longer ones in the last bucket), for percentiles in the
 * status line: here, from a packet's arrival to the TRIGGER that made its last frame readable at capture.
 * Fixed size whatever the run's length. Not thread-safe: the receiver updates it under its lock.
 */
public final class LatencyHistogram {
    private static final long BUCKET_NANOS = 50_000;
    private final long[] buckets = new long[10_000];
    private long count;

    public void add(long nanos) {
        int b = (int) Math.min(Math.max(nanos, 0) / BUCKET_NANOS, buckets.length - 1);
        buckets[b]++;
        count++;
    }

    public long count() {
        return count;
    }

    /** The upper edge of the bucket holding the {@code q} quantile (0..1), in milliseconds; NaN when empty. */
    public double percentileMillis(double q) {
        if (count == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(q * count);
        long seen = 0;
        for (int b = 0; b < buckets.length; b++) {
            seen += buckets[b];
            if (seen >= Math.max(rank, 1)) {
                return (b + 1) * BUCKET_NANOS / 1e6;
            }
        }
        return buckets.length * BUCKET_NANOS / 1e6;
    }
}
