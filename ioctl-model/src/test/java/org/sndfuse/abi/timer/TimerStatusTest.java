package org.sndfuse.abi.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sndfuse.abi.timer.Le.assertZero;
import static org.sndfuse.abi.timer.Le.le;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class TimerStatusTest {

    @Test
    void sizeIs96() {
        assertEquals(96, TimerStatus.SIZE);
    }

    @Test
    void roundTripWithOffsets() {
        TimerStatus s = new TimerStatus(1_234_567L, 999_999_999L, 4_000_000L, 7, 0xFFFFFFFFL, 31);
        byte[] b = s.encode();
        assertEquals(96, b.length);
        ByteBuffer bb = le(b);
        assertEquals(1_234_567L, bb.getLong(0), "tstamp_sec");
        assertEquals(999_999_999L, bb.getLong(8), "tstamp_nsec");
        assertEquals(4_000_000, bb.getInt(16), "resolution");
        assertEquals(7, bb.getInt(20), "lost");
        assertEquals(-1, bb.getInt(24), "overrun");
        assertEquals(31, bb.getInt(28), "queue");
        assertZero(b, 32, 96);
        assertEquals(s, TimerStatus.decode(b));
    }

    @Test
    void decodeFromHandBuiltBytes() {
        ByteBuffer bb = Le.alloc(96);
        bb.putLong(0, 5).putLong(8, 6).putInt(16, 551_250_000).putInt(20, 0).putInt(24, 3).putInt(28, 128);
        assertEquals(new TimerStatus(5, 6, 551_250_000L, 0, 3, 128), TimerStatus.decode(bb.array()));
    }
}
