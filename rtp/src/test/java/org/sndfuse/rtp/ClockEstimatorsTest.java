package org.sndfuse.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ClockEstimatorsTest {
    @Test
    void rateFollowsTheSenderWithinATenthOfAPpmThroughArrivalNoiseAndStalls() {
        for (double ppm : new double[] {200, -200, 0, 37.5}) {
            RateEstimator r = new RateEstimator(48000);
            Random rnd = new Random(1);
            double rate = 48000 * (1 + ppm * 1e-6);
            long t0 = 5_000_000_000_000L;
            long arrival = 0;
            for (int i = 0; i < 60_000; i++) {           // 60 s of 1 ms packets
                long ts = 3_000_000_000L + 48L * i;
                long sent = t0 + Math.round(48L * i / rate * 1e9);
                long delay = 50_000 + (long) (rnd.nextDouble() * 2_000_000);   // 0.05..2 ms, one-sided
                if (i % 5000 == 0) {
                    delay += 80_000_000;                         // a stall: the next 80 packets queue behind
                }
                arrival = Math.max(sent + delay, arrival);
                r.add(arrival, ts);
            }
            assertEquals(ppm, r.ppm(), 0.1, "ppm " + ppm);
            assertEquals(59, r.count(), 1);
        }
    }

    @Test
    void jitterIsTheRfc3550Estimate() {
        InterarrivalJitter j = new InterarrivalJitter(8000);
        // arrivals 30 ms and 10 ms apart for 20 ms of timestamps: every transit difference is 80 frames
        long t = 0;
        for (int i = 0; i < 1000; i++) {
            t += 20_000_000L + (i % 2 == 0 ? 10_000_000L : -10_000_000L);
            j.add(t, 160L * i);
        }
        assertEquals(80, j.frames(), 1.0);
        assertEquals(10.0, j.millis(), 0.2);
        InterarrivalJitter steady = new InterarrivalJitter(48000);
        for (int i = 0; i < 100; i++) {
            steady.add(1_000_000L * i, 48L * i);
        }
        assertTrue(steady.frames() < 1e-6);
    }

    @Test
    void periodTimeIsTheKernelsTruncatedValue() {
        assertEquals(20_000_000L, PeriodTime.nanos(48000, 960));
        assertEquals(21_333_333L, PeriodTime.nanos(48000, 1024));
        assertEquals(551_250_000L, PeriodTime.nanos(8000, 4410));
        assertEquals(1_000_000L, PeriodTime.nanos(48000, 48));
        assertEquals(10_000_000L, PeriodTime.nanos(44100, 441));
    }
}
