package org.sndfuse.abi.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sndfuse.abi.timer.Le.assertTid;
import static org.sndfuse.abi.timer.Le.assertZero;
import static org.sndfuse.abi.timer.Le.le;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class TimerSelectTest {

    @Test
    void sizeIs52() {
        assertEquals(52, TimerSelect.SIZE);
    }

    @Test
    void roundTripWithOffsets() {
        TimerSelect s = new TimerSelect(new TimerId(1, 1, -1, 4, 17));
        byte[] b = s.encode();
        assertEquals(52, b.length);
        assertTid(le(b), 0, 1, 1, -1, 4, 17);
        assertZero(b, 20, 52);
        assertEquals(s, TimerSelect.decode(b));
    }

    @Test
    void reservedBytesAreIgnoredOnDecode() {
        ByteBuffer bb = Le.alloc(52);
        bb.putInt(0, 1).putInt(4, 0).putInt(8, -1).putInt(12, 3).putInt(16, 0);
        for (int i = 20; i < 52; i++) {
            bb.put(i, (byte) 0xEE);
        }
        assertEquals(new TimerSelect(TimerId.global(3, 0)), TimerSelect.decode(bb.array()));
    }
}
