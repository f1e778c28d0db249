package org.sndfuse.abi.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sndfuse.abi.timer.Le.assertTid;
import static org.sndfuse.abi.timer.Le.assertZero;
import static org.sndfuse.abi.timer.Le.le;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class TimerGstatusTest {

    @Test
    void sizeIs80() {
        assertEquals(80, TimerGstatus.SIZE);
    }

    @Test
    void roundTripWithOffsets() {
        TimerGstatus g = new TimerGstatus(TimerId.global(0, 0), 4_000_000L, 4_000_001L, 1_000_000_000L);
        byte[] b = g.encode();
        assertEquals(80, b.length);
        ByteBuffer bb = le(b);
        assertTid(bb, 0, 1, 0, -1, 0, 0);
        assertZero(b, 20, 24);
        assertEquals(4_000_000L, bb.getLong(24), "resolution");
        assertEquals(4_000_001L, bb.getLong(32), "resolution_num");
        assertEquals(1_000_000_000L, bb.getLong(40), "resolution_den");
        assertZero(b, 48, 80);
        assertEquals(g, TimerGstatus.decode(b));
    }

    @Test
    void decodeFromHandBuiltBytes() {
        ByteBuffer bb = Le.alloc(80);
        bb.putInt(0, 1).putInt(8, -1).putInt(12, 3);
        bb.putLong(24, 1).putLong(32, 1).putLong(40, 1_000_000_000L);
        assertEquals(new TimerGstatus(TimerId.global(3, 0), 1, 1, 1_000_000_000L), TimerGstatus.decode(bb.array()));
    }
}
