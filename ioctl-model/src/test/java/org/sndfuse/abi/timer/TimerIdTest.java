package org.sndfuse.abi.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.sndfuse.abi.timer.Le.assertTid;
import static org.sndfuse.abi.timer.Le.le;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.sndfuse.abi.StructBytes;

class TimerIdTest {

    @Test
    void sizeIs20() {
        assertEquals(20, TimerId.SIZE);
        assertEquals(20, new TimerId(1, 2, 3, 4, 5).encode().length);
    }

    @Test
    void roundTripWithOffsets() {
        TimerId id = new TimerId(TimerId.CLASS_PCM, TimerId.SCLASS_SEQUENCER, 7, 11, 13);
        byte[] b = id.encode();
        assertTid(le(b), 0, 3, 2, 7, 11, 13);
        assertEquals(id, TimerId.decode(b));
    }

    @Test
    void negativeFieldsRoundTrip() {
        byte[] b = TimerId.END.encode();
        ByteBuffer bb = le(b);
        assertTid(bb, 0, -1, 0, -1, -1, -1);
        assertEquals(TimerId.END, TimerId.decode(b));
    }

    @Test
    void decodeFromHandBuiltBytes() {
        ByteBuffer bb = Le.alloc(20);
        bb.putInt(0, 1).putInt(4, 1).putInt(8, -1).putInt(12, 4).putInt(16, 127);
        assertEquals(new TimerId(1, 1, -1, 4, 127), TimerId.decode(bb.array()));
    }

    @Test
    void encodeAtBase() {
        StructBytes s = StructBytes.allocate(30);
        new TimerId(1, 0, -1, 3, 0).encode(s, 10);
        assertTid(le(s.bytes()), 10, 1, 0, -1, 3, 0);
        Le.assertZero(s.bytes(), 0, 10);
        assertEquals(new TimerId(1, 0, -1, 3, 0), TimerId.decode(s, 10));
    }

    @Test
    void shortInputReadsAsZeros() {
        assertEquals(new TimerId(1, 0, 0, 0, 0), TimerId.decode(new byte[] {1}));
    }

    @Test
    void constants() {
        assertEquals(-1, TimerId.CLASS_NONE);
        assertEquals(0, TimerId.CLASS_SLAVE);
        assertEquals(1, TimerId.CLASS_GLOBAL);
        assertEquals(2, TimerId.CLASS_CARD);
        assertEquals(3, TimerId.CLASS_PCM);
        assertEquals(0, TimerId.SCLASS_NONE);
        assertEquals(1, TimerId.SCLASS_APPLICATION);
        assertEquals(2, TimerId.SCLASS_SEQUENCER);
        assertEquals(3, TimerId.SCLASS_OSS_SEQUENCER);
        assertEquals(0, TimerId.GLOBAL_SYSTEM);
        assertEquals(3, TimerId.GLOBAL_HRTIMER);
        assertEquals(4, TimerId.GLOBAL_UDRIVEN);
        assertEquals(new TimerId(-1, 0, -1, -1, -1), TimerId.END);
        assertEquals(new TimerId(1, 0, -1, 4, 9), TimerId.global(4, 9));
    }

    @Test
    void withSclassReplacesOnlySclass() {
        assertEquals(new TimerId(1, 1, -1, 3, 0), TimerId.global(3, 0).withSclass(1));
    }
}
