package org.sndfuse.abi.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sndfuse.abi.timer.Le.assertZero;
import static org.sndfuse.abi.timer.Le.le;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.sndfuse.abi.StructBytes;

class TimerTreadTest {

    @Test
    void sizeIs32() {
        assertEquals(32, TimerTread.SIZE);
    }

    @Test
    void roundTripWithOffsets() {
        TimerTread t = new TimerTread(TimerEvent.TICK, 12_345L, 678_901_234L, 0xFFFFFFFEL);
        byte[] b = t.encode();
        assertEquals(32, b.length);
        ByteBuffer bb = le(b);
        assertEquals(1, bb.getInt(0), "event");
        assertZero(b, 4, 8);
        assertEquals(12_345L, bb.getLong(8), "tstamp_sec");
        assertEquals(678_901_234L, bb.getLong(16), "tstamp_nsec");
        assertEquals(-2, bb.getInt(24), "val");
        assertZero(b, 28, 32);
        assertEquals(t, TimerTread.decode(b));
    }

    @Test
    void decodeFromHandBuiltBytes() {
        ByteBuffer bb = Le.alloc(32);
        bb.putInt(0, TimerEvent.START).putLong(8, 1).putLong(16, 2).putInt(24, 551_250_000);
        assertEquals(new TimerTread(2, 1, 2, 551_250_000L), TimerTread.decode(bb.array()));
    }

    @Test
    void encodeAtBase() {
        StructBytes s = StructBytes.allocate(64);
        new TimerTread(TimerEvent.STOP, 1, 2, 0).encode(s, 32);
        ByteBuffer bb = le(s.bytes());
        assertZero(s.bytes(), 0, 32);
        assertEquals(3, bb.getInt(32));
        assertEquals(1L, bb.getLong(40));
        assertEquals(2L, bb.getLong(48));
    }
}
