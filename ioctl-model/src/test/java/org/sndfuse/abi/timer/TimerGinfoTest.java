package org.sndfuse.abi.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sndfuse.abi.timer.Le.assertTid;
import static org.sndfuse.abi.timer.Le.assertZero;
import static org.sndfuse.abi.timer.Le.le;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class TimerGinfoTest {

    @Test
    void sizeIs248() {
        assertEquals(248, TimerGinfo.SIZE);
    }

    @Test
    void roundTripWithOffsets() {
        TimerGinfo g = new TimerGinfo(new TimerId(1, 1, -1, 4, 2), 1, -1, "snd-utimer2", "HR timer",
                4_000_000_000L, 123L, 456_789_012_345L, 42);
        byte[] b = g.encode();
        assertEquals(248, b.length);
        ByteBuffer bb = le(b);
        assertTid(bb, 0, 1, 1, -1, 4, 2);
        assertEquals(1, bb.getInt(20), "flags");
        assertEquals(-1, bb.getInt(24), "card");
        assertEquals("snd-utimer2", Le.cstr(b, 28, 64));
        assertZero(b, 28 + "snd-utimer2".length(), 92);
        assertEquals("HR timer", Le.cstr(b, 92, 80));
        assertZero(b, 92 + "HR timer".length(), 184); // name tail, pad 172..175, reserved0 176..183
        assertEquals(4_000_000_000L, bb.getLong(184), "resolution");
        assertEquals(123L, bb.getLong(192), "resolution_min");
        assertEquals(456_789_012_345L, bb.getLong(200), "resolution_max");
        assertEquals(42, bb.getInt(208), "clients");
        assertZero(b, 212, 248);
        assertEquals(g, TimerGinfo.decode(b));
    }

    @Test
    void decodeFromHandBuiltBytes() {
        ByteBuffer bb = Le.alloc(248);
        bb.putInt(0, 1).putInt(4, 0).putInt(8, -1).putInt(12, 0).putInt(16, 0);
        bb.putInt(20, 0).putInt(24, -1);
        Le.putCstr(bb, 28, "system");
        Le.putCstr(bb, 92, "system timer");
        bb.putLong(184, 4_000_000L).putInt(208, 3);
        TimerGinfo g = TimerGinfo.decode(bb.array());
        assertEquals(new TimerGinfo(TimerId.global(0, 0), 0, -1, "system", "system timer", 4_000_000L, 0, 0, 3), g);
    }

    @Test
    void longStringsAreTruncatedAndTerminated() {
        String longId = "i".repeat(100);
        String longName = "n".repeat(100);
        TimerGinfo g = new TimerGinfo(TimerId.global(0, 0), 0, -1, longId, longName, 1, 0, 0, 0);
        byte[] b = g.encode();
        assertEquals("i".repeat(63), Le.cstr(b, 28, 64));
        assertEquals(0, b[28 + 63]);
        assertEquals("n".repeat(79), Le.cstr(b, 92, 80));
        assertEquals(0, b[92 + 79]);
        TimerGinfo back = TimerGinfo.decode(b);
        assertEquals("i".repeat(63), back.id());
        assertEquals("n".repeat(79), back.name());
    }
}
