package org.sndfuse.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RtpPacketTest {
    @Test
    void parsesTheFixedHeader() throws Exception {
        byte[] b = RtpPacket.build(96, 0xfffe, 0xdeadbeefL, 0x12345678L, new byte[] {1, 2, 3, 4});
        RtpPacket p = RtpPacket.parse(b, b.length);
        assertEquals(96, p.payloadType());
        assertEquals(0xfffe, p.sequence());
        assertEquals(0xdeadbeefL, p.timestamp());
        assertEquals(0x12345678L, p.ssrc());
        assertEquals(12, p.payloadOffset());
        assertEquals(4, p.payloadLength());
    }

    @Test
    void skipsCsrcsAndTheExtensionAndRemovesPadding() throws Exception {
        byte[] payload = {9, 9, 9, 9};
        byte[] b = new byte[12 + 8 + 8 + 4 + 3];
        b[0] = (byte) (0x80 | 0x20 | 0x10 | 2);  // padding, extension, 2 CSRCs
        b[1] = (byte) 0x80 | 97;                  // marker
        b[12 + 8 + 2] = 0;
        b[12 + 8 + 3] = 1;                        // extension: one word
        System.arraycopy(payload, 0, b, 12 + 8 + 8, 4);
        b[b.length - 1] = 3;
        RtpPacket p = RtpPacket.parse(b, b.length);
        assertTrue(p.marker());
        assertEquals(97, p.payloadType());
        assertEquals(28, p.payloadOffset());
        assertEquals(4, p.payloadLength());
    }

    @Test
    void refusesWhatDoesNotAddUp() {
        byte[] ok = RtpPacket.build(96, 1, 2, 3, new byte[8]);
        assertThrows(RtpPacket.Malformed.class, () -> RtpPacket.parse(ok, 11));
        byte[] v1 = ok.clone();
        v1[0] = 0x40;
        assertThrows(RtpPacket.Malformed.class, () -> RtpPacket.parse(v1, v1.length));
        byte[] csrc = ok.clone();
        csrc[0] = (byte) 0x8f;                    // 15 CSRCs in a 20-byte packet
        assertThrows(RtpPacket.Malformed.class, () -> RtpPacket.parse(csrc, csrc.length));
        byte[] pad = ok.clone();
        pad[0] = (byte) 0xa0;
        pad[pad.length - 1] = (byte) 200;
        assertThrows(RtpPacket.Malformed.class, () -> RtpPacket.parse(pad, pad.length));
        byte[] ext = ok.clone();
        ext[0] = (byte) 0x90;
        ext[14] = (byte) 0xff;                    // extension length far beyond the packet
        assertThrows(RtpPacket.Malformed.class, () -> RtpPacket.parse(ext, ext.length));
    }

    @Test
    void randomGarbageNeverThrowsAnythingElse() {
        Random r = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            byte[] b = new byte[r.nextInt(64)];
            r.nextBytes(b);
            try {
                RtpPacket p = RtpPacket.parse(b, b.length);
                assertTrue(p.payloadOffset() + p.payloadLength() <= b.length && p.payloadLength() >= 0);
            } catch (RtpPacket.Malformed expected) {
                // fine
            }
        }
    }

    @Test
    void l16AndL24BecomeLittleEndianPcmBitExact() {
        RtpFormat l16 = new RtpFormat(RtpFormat.Encoding.L16, 48000, 2, 96);
        byte[] out = new byte[4];
        l16.toPcm(new byte[] {0x12, 0x34, (byte) 0xab, (byte) 0xcd}, 0, 1, out, 0);
        assertArrayEquals(new byte[] {0x34, 0x12, (byte) 0xcd, (byte) 0xab}, out);
        RtpFormat l24 = new RtpFormat(RtpFormat.Encoding.L24, 48000, 1, 96);
        byte[] out24 = new byte[4];
        l24.toPcm(new byte[] {(byte) 0x80, 0x01, 0x02}, 0, 1, out24, 0);
        assertArrayEquals(new byte[] {0, 0x02, 0x01, (byte) 0x80}, out24, "S32_LE, the 24 bits at the top");
        assertEquals(6, l24.wireFrameBytes() * 2);
        assertEquals(Arrays.asList(2, 10), Arrays.asList(l16.pcmFormat(), l24.pcmFormat()));
    }
}
