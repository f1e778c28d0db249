package org.sndfuse.rtp;

/**
 * A period's length in nanoseconds as the PCM core derives a stream's timer resolution
 * (snd_pcm_timer_resolution_change: 1e9/rate and rate/period reduced by their gcds, then divided, truncating):
 * 48000 Hz x 960 = 20000000, 48000 x 1024 = 21333333. The utimer clocking the loopback must have exactly this
 * resolution (README "Clock").
 */
public final class PeriodTime {
    private PeriodTime() {}

    public static long nanos(long rate, long period) {
        if (rate <= 0 || period <= 0) {
            throw new IllegalArgumentException("rate and period must be positive");
        }
        long num = 1_000_000_000L;
        long den = rate;
        long frames = period;
        long g = gcd(num, den);
        num /= g;
        den /= g;
        g = gcd(den, frames);
        den /= g;
        frames /= g;
        long scale = 1;
        while (num != 0 && Long.compareUnsigned(num, Long.divideUnsigned(-1L, frames)) > 0) {
            num /= 2;
            scale *= 2;
        }
        return num * frames / den * scale;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
