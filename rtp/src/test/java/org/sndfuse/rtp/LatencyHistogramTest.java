package org.sndfuse.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    @Test
    void percentilesAreBucketEdges() {
        LatencyHistogram h = new LatencyHistogram();
        assertTrue(Double.isNaN(h.percentileMillis(0.5)));
        for (int i = 1; i <= 100; i++) {
            h.add(i * 100_000L);                 // 0.1 .. 10 ms
        }
        h.add(-5);                               // clamped into the first bucket
        h.add(10_000_000_000L);                  // 10 s: the last bucket
        assertEquals(102, h.count());
        assertEquals(5.05, h.percentileMillis(0.5), 0.051);
        assertEquals(10.05, h.percentileMillis(0.99), 0.051);
        assertEquals(500.0, h.percentileMillis(1.0), 1e-9);
    }

    @Test
    void aPeriodHandsOverTheArrivalOfEveryPacketItCompletes() throws Exception {
        ReceptionStats stats = new ReceptionStats();
        JitterBuffer jb = new JitterBuffer(JitterBufferTest.FMT, 480, 240, stats);
        for (int i = 0; i < 4; i++) {     // 4 x 365 frames arriving at 1, 2, 3, 4 ms
            jb.offer(JitterBufferTest.packet(7, i, 365L * i, 365, 0), (i + 1) * 1_000_000L);
        }
        List<Long> done = new ArrayList<>();
        jb.take(new byte[480 * 4], done::add);
        assertEquals(List.of(1_000_000L), done, "only the first packet ends inside frames 0..479");
        done.clear();
        jb.take(new byte[480 * 4], done::add);
        assertEquals(List.of(2_000_000L), done);
    }
}
