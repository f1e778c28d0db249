package org.sndfuse.abi.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sndfuse.abi.timer.Le.le;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.sndfuse.abi.StructBytes;

class TimerReadTest {

    @Test
    void sizeIs8() {
        assertEquals(8, TimerRead.SIZE);
    }

    @Test
    void roundTripWithOffsets() {
        TimerRead r = new TimerRead(4_000_000L, 250L);
        byte[] b = r.encode();
        assertEquals(8, b.length);
        ByteBuffer bb = le(b);
        assertEquals(4_000_000, bb.getInt(0), "resolution");
        assertEquals(250, bb.getInt(4), "ticks");
        assertEquals(r, TimerRead.decode(b));
    }

    @Test
    void unsignedRoundTrip() {
        TimerRead r = new TimerRead(0xFFFFFFFFL, 0x80000001L);
        assertEquals(r, TimerRead.decode(r.encode()));
    }

    @Test
    void encodeAtBase() {
        StructBytes s = StructBytes.allocate(24);
        new TimerRead(1, 2).encode(s, 0);
        new TimerRead(3, 4).encode(s, 8);
        new TimerRead(5, 6).encode(s, 16);
        ByteBuffer bb = le(s.bytes());
        for (int i = 0; i < 6; i++) {
            assertEquals(i + 1, bb.getInt(4 * i));
        }
    }
}
