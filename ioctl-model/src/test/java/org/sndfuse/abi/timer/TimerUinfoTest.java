package org.sndfuse.abi.timer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sndfuse.abi.timer.Le.assertZero;
import static org.sndfuse.abi.timer.Le.le;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TimerUinfoTest {

    @Test
    void sizeIs32() {
        assertEquals(32, TimerUinfo.SIZE);
    }

    @Test
    void roundTripWithOffsets() {
        TimerUinfo u = new TimerUinfo(551_250_000L, 7, 127);
        byte[] b = u.encode();
        assertEquals(32, b.length);
        ByteBuffer bb = le(b);
        assertEquals(551_250_000L, bb.getLong(0), "resolution");
        assertEquals(7, bb.getInt(8), "fd");
        assertEquals(127, bb.getInt(12), "id");
        assertZero(b, 16, 32);
        assertEquals(u, TimerUinfo.decode(b));
    }

    @Test
    void negativeFdAndUnsignedId() {
        TimerUinfo u = new TimerUinfo(-1L, -1, 0xFFFFFFFFL);
        byte[] b = u.encode();
        ByteBuffer bb = le(b);
        assertEquals(-1, bb.getInt(8));
        assertEquals(-1, bb.getInt(12));
        assertEquals(u, TimerUinfo.decode(b));
    }

    @Test
    void encodeOverKeepsReservedBytes() {
        byte[] original = new byte[32];
        Arrays.fill(original, (byte) 0xAB);
        byte[] b = new TimerUinfo(1_000_000L, 5, 3).encodeOver(original);
        ByteBuffer bb = le(b);
        assertEquals(1_000_000L, bb.getLong(0));
        assertEquals(5, bb.getInt(8));
        assertEquals(3, bb.getInt(12));
        byte[] reserved = new byte[16];
        Arrays.fill(reserved, (byte) 0xAB);
        assertArrayEquals(reserved, Arrays.copyOfRange(b, 16, 32));
        // The caller's array itself is not modified.
        assertEquals((byte) 0xAB, original[0]);
    }

    @Test
    void decodeFromHandBuiltBytes() {
        ByteBuffer bb = Le.alloc(32);
        bb.putLong(0, 1L).putInt(8, -1).putInt(12, -1);
        assertEquals(new TimerUinfo(1L, -1, 0xFFFFFFFFL), TimerUinfo.decode(bb.array()));
    }
}
