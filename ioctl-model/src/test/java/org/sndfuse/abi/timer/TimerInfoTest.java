package org.sndfuse.abi.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sndfuse.abi.timer.Le.assertZero;
import static org.sndfuse.abi.timer.Le.le;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class TimerInfoTest {

    @Test
    void sizeIs232() {
        assertEquals(232, TimerInfo.SIZE);
        assertEquals(1, TimerInfo.FLG_SLAVE);
    }

    @Test
    void roundTripWithOffsets() {
        TimerInfo i = new TimerInfo(TimerInfo.FLG_SLAVE, 3, "PCM", "PCM Playback 0-0-0", 21_333_333L);
        byte[] b = i.encode();
        assertEquals(232, b.length);
        ByteBuffer bb = le(b);
        assertEquals(1, bb.getInt(0), "flags");
        assertEquals(3, bb.getInt(4), "card");
        assertEquals("PCM", Le.cstr(b, 8, 64));
        assertZero(b, 8 + 3, 72);
        assertEquals("PCM Playback 0-0-0", Le.cstr(b, 72, 80));
        assertZero(b, 72 + "PCM Playback 0-0-0".length(), 160); // name tail + reserved0 152..159
        assertEquals(21_333_333L, bb.getLong(160), "resolution");
        assertZero(b, 168, 232);
        assertEquals(i, TimerInfo.decode(b));
    }

    @Test
    void decodeFromHandBuiltBytes() {
        ByteBuffer bb = Le.alloc(232);
        bb.putInt(0, 0).putInt(4, -1);
        Le.putCstr(bb, 8, "snd-utimer0");
        bb.putLong(160, 551_250_000L);
        assertEquals(new TimerInfo(0, -1, "snd-utimer0", "", 551_250_000L), TimerInfo.decode(bb.array()));
    }

    @Test
    void longStringsTruncated() {
        byte[] b = new TimerInfo(0, 0, "x".repeat(70), "y".repeat(90), 1).encode();
        TimerInfo back = TimerInfo.decode(b);
        assertEquals("x".repeat(63), back.id());
        assertEquals("y".repeat(79), back.name());
        assertEquals(0, b[8 + 63]);
        assertEquals(0, b[72 + 79]);
    }
}
