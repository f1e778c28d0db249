package org.sndfuse.abi.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sndfuse.abi.timer.Le.assertZero;
import static org.sndfuse.abi.timer.Le.le;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class TimerParamsTest {

    @Test
    void sizeAndFlags() {
        assertEquals(80, TimerParams.SIZE);
        assertEquals(1, TimerParams.PSFLG_AUTO);
        assertEquals(2, TimerParams.PSFLG_EXCLUSIVE);
        assertEquals(4, TimerParams.PSFLG_EARLY_EVENT);
    }

    @Test
    void roundTripWithOffsets() {
        TimerParams p = new TimerParams(TimerParams.PSFLG_AUTO | TimerParams.PSFLG_EARLY_EVENT, 250, 1024,
                TimerEvent.FILTER_MASK);
        byte[] b = p.encode();
        assertEquals(80, b.length);
        ByteBuffer bb = le(b);
        assertEquals(5, bb.getInt(0), "flags");
        assertEquals(250, bb.getInt(4), "ticks");
        assertEquals(1024, bb.getInt(8), "queue_size");
        assertEquals(0, bb.getInt(12), "reserved0");
        assertEquals(0x0006F1BF, bb.getInt(16), "filter");
        assertZero(b, 20, 80);
        assertEquals(p, TimerParams.decode(b));
    }

    @Test
    void unsignedFieldsRoundTrip() {
        TimerParams p = new TimerParams(-1, 0xFFFFFFFFL, 0x80000000L, 0xFFFFFFFFL);
        byte[] b = p.encode();
        ByteBuffer bb = le(b);
        assertEquals(-1, bb.getInt(4));
        assertEquals(Integer.MIN_VALUE, bb.getInt(8));
        assertEquals(-1, bb.getInt(16));
        TimerParams back = TimerParams.decode(b);
        assertEquals(p, back);
        assertEquals(0xFFFFFFFFL, back.ticks());
    }

    @Test
    void decodeFromHandBuiltBytes() {
        ByteBuffer bb = Le.alloc(80);
        bb.putInt(0, 2).putInt(4, 1).putInt(8, 0).putInt(12, 0x7777).putInt(16, 1 << TimerEvent.TICK);
        assertEquals(new TimerParams(2, 1, 0, 2), TimerParams.decode(bb.array()));
    }
}
