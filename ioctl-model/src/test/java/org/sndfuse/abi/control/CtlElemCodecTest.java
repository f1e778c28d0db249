package org.sndfuse.abi.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The control device's records at the measured x86_64 offsets. */
class CtlElemCodecTest {
    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static String cstr(byte[] b, int off, int len) {
        int n = 0;
        while (n < len && b[off + n] != 0) {
            n++;
        }
        return new String(b, off, n, StandardCharsets.UTF_8);
    }

    private static final CtlElemId ID = new CtlElemId(8, CtlElemId.IFACE_PCM, 1, 3, "PCM Rate Shift 100000", 0);

    @Test
    void cardInfoRoundTripAtOffsets() {
        CtlCardInfo c = new CtlCardInfo(0, "Loopback", "Loopback", "Loopback", "Loopback 1", "Loopback Mixer", "");
        byte[] b = c.encode();
        assertEquals(376, b.length);
        assertEquals(0, le(b).getInt(0));
        assertEquals("Loopback", cstr(b, 8, 16));
        assertEquals("Loopback", cstr(b, 24, 16));
        assertEquals("Loopback", cstr(b, 40, 32));
        assertEquals("Loopback 1", cstr(b, 72, 80));
        assertEquals("Loopback Mixer", cstr(b, 168, 80));
        assertEquals(0, b[248]);
        assertEquals(c, CtlCardInfo.decode(b));
    }

    @Test
    void elemIdRoundTripAtOffsets() {
        byte[] b = ID.encode();
        assertEquals(64, b.length);
        assertEquals(8, le(b).getInt(0));
        assertEquals(3, le(b).getInt(4));
        assertEquals(1, le(b).getInt(8));
        assertEquals(3, le(b).getInt(12));
        assertEquals("PCM Rate Shift 100000", new String(b, 16, 21, StandardCharsets.US_ASCII));
        assertEquals(0, b[16 + 21]);
        assertEquals(ID, CtlElemId.decode(b));
    }

    @Test
    void elemListRoundTripAtOffsets() {
        CtlElemList l = new CtlElemList(7, 8, 8, 112, 0x7ffd_1234_5678L);
        byte[] b = l.encodeOver(new byte[80]);
        assertEquals(7, le(b).getInt(0));
        assertEquals(8, le(b).getInt(4));
        assertEquals(8, le(b).getInt(8));
        assertEquals(112, le(b).getInt(12));
        assertEquals(0x7ffd_1234_5678L, le(b).getLong(16));
        assertEquals(l, CtlElemList.decode(b));
    }

    @Test
    void elemInfoIntegerAndEnumeratedRoundTrip() {
        CtlElemInfo i = new CtlElemInfo(ID, CtlElemInfo.TYPE_INTEGER, 3, 1, -1, 80000, 120000, 1, 0, 0, "");
        byte[] b = i.encode();
        assertEquals(272, b.length);
        assertEquals(2, le(b).getInt(64));
        assertEquals(3, le(b).getInt(68));
        assertEquals(1, le(b).getInt(72));
        assertEquals(-1, le(b).getInt(76));
        assertEquals(80000, le(b).getLong(80));
        assertEquals(120000, le(b).getLong(88));
        assertEquals(1, le(b).getLong(96));
        assertEquals(i, CtlElemInfo.decode(b));
        CtlElemInfo e = new CtlElemInfo(ID, CtlElemInfo.TYPE_ENUMERATED, 1, 1, -1, 0, 0, 0, 2, 1, "Non-interleaved");
        byte[] eb = e.encode();
        assertEquals(2, le(eb).getInt(80));
        assertEquals(1, le(eb).getInt(84));
        assertEquals("Non-interleaved", new String(eb, 88, 15, StandardCharsets.US_ASCII));
        assertEquals(e, CtlElemInfo.decode(eb));
    }

    @Test
    void elemValueAndEventRoundTrip() {
        CtlElemValue v = new CtlElemValue(ID, 95000);
        byte[] b = v.encode(false);
        assertEquals(1224, b.length);
        assertEquals(95000, le(b).getLong(72));
        assertEquals(v, CtlElemValue.decode(b, false));
        byte[] e = new CtlElemValue(ID, 1).encode(true);
        assertEquals(1, le(e).getInt(72));
        assertEquals(0, le(e).getInt(76));
        org.sndfuse.abi.StructBytes s = org.sndfuse.abi.StructBytes.allocate(72);
        new CtlEvent(CtlEvent.MASK_VALUE, ID).encode(s, 0);
        assertEquals(0, le(s.bytes()).getInt(0));
        assertEquals(1, le(s.bytes()).getInt(4));
        assertEquals(8, le(s.bytes()).getInt(8));
        assertEquals(new CtlEvent(CtlEvent.MASK_VALUE, ID), CtlEvent.decode(s.bytes()));
    }
}
