package org.sndfuse.abi.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sndfuse.abi.timer.Le.assertTid;
import static org.sndfuse.abi.timer.Le.assertZero;
import static org.sndfuse.abi.timer.Le.le;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class TimerGparamsTest {

    @Test
    void sizeIs72() {
        assertEquals(72, TimerGparams.SIZE);
    }

    @Test
    void roundTripWithOffsets() {
        TimerGparams g = new TimerGparams(new TimerId(2, 0, 1, 2, 3), 0x1234_5678_9ABCL, -5L);
        byte[] b = g.encode();
        assertEquals(72, b.length);
        ByteBuffer bb = le(b);
        assertTid(bb, 0, 2, 0, 1, 2, 3);
        assertZero(b, 20, 24);
        assertEquals(0x1234_5678_9ABCL, bb.getLong(24), "period_num");
        assertEquals(-5L, bb.getLong(32), "period_den");
        assertZero(b, 40, 72);
        assertEquals(g, TimerGparams.decode(b));
    }

    @Test
    void decodeFromHandBuiltBytes() {
        ByteBuffer bb = Le.alloc(72);
        bb.putInt(0, 1).putInt(8, -1).putInt(12, 3);
        bb.putLong(24, 1).putLong(32, 1000);
        assertEquals(new TimerGparams(new TimerId(1, 0, -1, 3, 0), 1, 1000), TimerGparams.decode(bb.array()));
    }
}
