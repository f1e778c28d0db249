package org.sndfuse.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The jitter buffer with a counter pattern: frame n carries n (low 16 bits left, high 16 bits right). */
class JitterBufferTest {
    static final RtpFormat FMT = new RtpFormat(RtpFormat.Encoding.L16, 48000, 2, 96);
    static final int PERIOD = 480, DEPTH = 240, PKT = 365;
    final ReceptionStats stats = new ReceptionStats();
    final JitterBuffer jb = new JitterBuffer(FMT, PERIOD, DEPTH, stats);
    final List<Long> played = new ArrayList<>();   // frame values taken, -1 for silence
    long now = 1_000_000_000L;

    static RtpPacket packet(long ssrc, int seq, long firstFrame, int frames, long tsBase) throws Exception {
        byte[] payload = new byte[frames * 4];
        for (int i = 0; i < frames; i++) {
            long n = firstFrame + i;
            payload[4 * i] = (byte) (n >> 8);
            payload[4 * i + 1] = (byte) n;
            payload[4 * i + 2] = (byte) (n >> 24);
            payload[4 * i + 3] = (byte) (n >> 16);
        }
        byte[] b = RtpPacket.build(96, seq & 0xffff, (tsBase + firstFrame) & 0xffffffffL, ssrc, payload);
        return RtpPacket.parse(b, b.length);
    }

    JitterBuffer.Outcome offer(int index) throws Exception {
        return offer(0x1234, 65530 + index, index, 0xfffff000L);
    }

    JitterBuffer.Outcome offer(long ssrc, int seq, int index, long tsBase) throws Exception {
        now += 7_604_166L;
        return jb.offer(packet(ssrc, seq, 1_000_000L + (long) index * PKT, PKT, tsBase), now);
    }

    void drain() {
        byte[] out = new byte[PERIOD * 4];
        while (jb.ready()) {
            jb.take(out);
            for (int i = 0; i < PERIOD; i++) {
                long lo = (out[4 * i] & 0xff) | (out[4 * i + 1] & 0xff) << 8;
                long hi = (out[4 * i + 2] & 0xff) | (out[4 * i + 3] & 0xff) << 8;
                long v = hi << 16 | lo;
                played.add(v == 0 ? -1 : v);
            }
        }
    }

    /** The played frames are the counter from 1_000_000 on, with silence exactly in {@code holes}. */
    void assertCounter(int... holes) {
        assertFalse(played.isEmpty());
        for (int i = 0; i < played.size(); i++) {
            int packetIndex = i / PKT;
            boolean hole = false;
            for (int h : holes) {
                hole |= h == packetIndex;
            }
            assertEquals(hole ? -1L : 1_000_000L + i, played.get(i), "frame " + i);
        }
    }

    @Test
    void inOrderPacketsPlayBitExactAcrossSequenceAndTimestampWrap() throws Exception {
        for (int i = 0; i < 200; i++) {
            offer(i);
            drain();
        }
        assertCounter();
        assertEquals(200, stats.packets);
        assertEquals(0, stats.lost + stats.late + stats.reordered + stats.duplicates + stats.bad + stats.concealed);
        assertTrue(jb.depthFrames() >= DEPTH && jb.depthFrames() < PERIOD + DEPTH, "depth " + jb.depthFrames());
        assertEquals(200 * PKT / PERIOD - 1, played.size() / PERIOD, 1);
    }

    @Test
    void theDataIsTheClockAPeriodIsReadyOnlyWhenItAndTheDepthArrived() throws Exception {
        offer(0);
        assertFalse(jb.ready());   // 365 < 480 + 240
        offer(1);
        assertTrue(jb.ready());    // 730
        drain();
        assertEquals(PERIOD, played.size());
        assertFalse(jb.ready());
    }

    @Test
    void reorderingWithinTheDepthIsRepairedAndCounted() throws Exception {
        for (int i = 0; i < 100; i += 2) {
            offer(i + 1);
            offer(i);
            drain();
        }
        assertCounter();
        assertEquals(50, stats.reordered);
        assertEquals(0, stats.lost + stats.late);
    }

    @Test
    void aLostPacketBecomesSilenceOfExactlyItsLengthAndCounts() throws Exception {
        for (int i = 0; i < 100; i++) {
            if (i != 10 && i != 40 && i != 41) {
                offer(i);
            }
            drain();
        }
        assertCounter(10, 40, 41);
        assertEquals(3, stats.lost);
        assertEquals(3L * PKT, stats.concealed);
    }

    @Test
    void aPacketPastItsPlaceIsLateAndNeverStallsTheClock() throws Exception {
        for (int i = 0; i < 30; i++) {
            if (i != 5) {
                offer(i);
            }
            drain();
        }
        assertEquals(JitterBuffer.Outcome.LATE, offer(5));
        assertEquals(1, stats.late);
        assertEquals(1, stats.lost);
        offer(30);
        drain();
        assertCounter(5);
    }

    @Test
    void duplicatesAreCountedOnce() throws Exception {
        for (int i = 0; i < 20; i++) {
            offer(i);
            assertEquals(JitterBuffer.Outcome.DUPLICATE, offer(i));
            drain();
        }
        assertEquals(JitterBuffer.Outcome.DUPLICATE, offer(0), "already played, still a duplicate");
        assertEquals(21, stats.duplicates);
        assertCounter();
    }

    @Test
    void badPayloadsAreDroppedAndCounted() throws Exception {
        byte[] wrongType = RtpPacket.build(97, 1, 0, 1, new byte[16]);
        byte[] halfFrame = RtpPacket.build(96, 1, 0, 1, new byte[18]);
        byte[] empty = RtpPacket.build(96, 1, 0, 1, new byte[0]);
        byte[] huge = RtpPacket.build(96, 1, 0, 1, new byte[4 * 48000]);
        for (byte[] b : List.of(wrongType, halfFrame, empty, huge)) {
            assertEquals(JitterBuffer.Outcome.BAD, jb.offer(RtpPacket.parse(b, b.length), now));
        }
        assertEquals(4, stats.bad);
        assertFalse(jb.running());
    }

    @Test
    void aStrayPacketCannotTakeOverButASenderRestartDoes() throws Exception {
        for (int i = 0; i < 10; i++) {
            offer(i);
            drain();
        }
        assertEquals(JitterBuffer.Outcome.PROBATION, offer(0x9999, 77, 500, 0));      // another SSRC, once
        assertEquals(JitterBuffer.Outcome.PROBATION, offer(0x1234, 30000, 500, 0));   // a sequence jump, once
        for (int i = 10; i < 20; i++) {
            offer(i);
            drain();
        }
        assertCounter();
        assertEquals(0, stats.restarts);
        assertEquals(JitterBuffer.Outcome.PROBATION, offer(0x5555, 100, 0, 12345));
        assertEquals(JitterBuffer.Outcome.STARTED, offer(0x5555, 101, 1, 12345));
        assertEquals(1, stats.restarts);
        assertTrue(jb.ready());
        assertEquals(JitterBuffer.Outcome.PROBATION, offer(0x1234, 65530 + 20, 20, 0xfffff000L), "the old sender");
    }

    @Test
    void aTimestampJumpRestartsTheTimeline() throws Exception {
        for (int i = 0; i < 10; i++) {
            offer(i);
            drain();
        }
        assertEquals(JitterBuffer.Outcome.PROBATION, offer(0x1234, 65530 + 10, 10, 0x40000000L));
        assertEquals(JitterBuffer.Outcome.STARTED, offer(0x1234, 65530 + 11, 11, 0x40000000L));
        assertEquals(1, stats.restarts);
    }

    @Test
    void aStalledConsumerCannotGrowTheBuffer() throws Exception {
        for (int i = 0; i < 2000; i++) {
            offer(i);
        }
        assertTrue(jb.size() <= 2 * 48000 / PKT + 1, "held " + jb.size());
        assertTrue(stats.skipped > 0);
    }

    @Test
    void stopEndsTheStreamAndTheNextPacketStartsANewOne() throws Exception {
        offer(0);
        offer(1);
        drain();
        assertTrue(jb.clocking());
        jb.stop();
        assertFalse(jb.running() || jb.clocking() || jb.ready());
        assertEquals(JitterBuffer.Outcome.STARTED, offer(9));
        assertEquals(1, stats.restarts);
        assertFalse(jb.clocking(), "a new stream fills its depth before it clocks");
    }
}
