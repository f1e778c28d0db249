package org.sndfuse.abi.pcm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Round trips of every PCM ABI record, checking the bytes at the measured offsets. */
class PcmCodecTest {
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

    @Test
    void pcmInfo() {
        byte[] sync = new byte[16];
        sync[0] = 7;
        sync[15] = 9;
        PcmInfo info = new PcmInfo(1, 3, 1, 0, "Loopback PCM", "Loopback PCM", "subdevice #3", 0, 0, 8, 7, sync);
        byte[] b = info.encode();
        assertEquals(288, b.length);
        ByteBuffer bb = le(b);
        assertEquals(1, bb.getInt(0));
        assertEquals(3, bb.getInt(4));
        assertEquals(1, bb.getInt(8));
        assertEquals(0, bb.getInt(12));
        assertEquals("Loopback PCM", cstr(b, 16, 64));
        assertEquals("Loopback PCM", cstr(b, 80, 80));
        assertEquals("subdevice #3", cstr(b, 160, 32));
        assertEquals(8, bb.getInt(200));
        assertEquals(7, bb.getInt(204));
        assertEquals(7, b[208]);
        assertEquals(9, b[223]);
        PcmInfo back = PcmInfo.decode(b);
        assertEquals(info.subname(), back.subname());
        assertArrayEquals(b, back.encode());
    }

    @Test
    void hwParams() {
        HwParams p = HwParams.any();
        p.flags = HwParams.FLAG_NO_PERIOD_WAKEUP;
        p.mask(PcmParam.FORMAT).refine(PcmMask.of(PcmFormat.S16_LE, PcmFormat.S32_LE));
        PcmInterval rate = p.interval(PcmParam.RATE);
        rate.min = 44100;
        rate.max = 48000;
        rate.openmin = true;
        PcmInterval periods = p.interval(PcmParam.PERIODS);
        periods.integer = true;
        periods.min = 2;
        periods.max = 2;
        p.interval(PcmParam.TICK_TIME).empty = true;
        p.rmask = 0x12345;
        p.cmask = 0x800;
        p.info = 0x000c0303;
        p.msbits = 16;
        p.rateNum = 48000;
        p.rateDen = 1;
        p.fifoSize = 0x1122334455L;
        byte[] b = p.encode();
        assertEquals(608, b.length);
        ByteBuffer bb = le(b);
        assertEquals(HwParams.FLAG_NO_PERIOD_WAKEUP, bb.getInt(0));
        // FORMAT is mask 1: bytes 36..67; S16_LE = bit 2, S32_LE = bit 10 of word 0.
        assertEquals((1 << 2) | (1 << 10), bb.getInt(4 + 32));
        assertEquals(-1, bb.getInt(4)); // ACCESS mask word 0 untouched
        int rateOff = 260 + (PcmParam.RATE - 8) * 12;
        assertEquals(44100, bb.getInt(rateOff));
        assertEquals(48000, bb.getInt(rateOff + 4));
        assertEquals(PcmInterval.BIT_OPENMIN, bb.getInt(rateOff + 8));
        int periodsOff = 260 + (PcmParam.PERIODS - 8) * 12;
        assertEquals(PcmInterval.BIT_INTEGER, bb.getInt(periodsOff + 8));
        assertEquals(PcmInterval.BIT_EMPTY, bb.getInt(260 + 11 * 12 + 8));
        assertEquals(-1, bb.getInt(260 + 4)); // SAMPLE_BITS max = UINT_MAX
        assertEquals(0x12345, bb.getInt(512));
        assertEquals(0x800, bb.getInt(516));
        assertEquals(0x000c0303, bb.getInt(520));
        assertEquals(16, bb.getInt(524));
        assertEquals(48000, bb.getInt(528));
        assertEquals(1, bb.getInt(532));
        assertEquals(0x1122334455L, bb.getLong(536));

        // Reserved areas come back byte for byte.
        b[100] = 0x5a;
        b[404] = 0x6b;
        b[600] = 0x7c;
        HwParams back = HwParams.decode(b);
        assertEquals(44100, back.interval(PcmParam.RATE).min);
        assertTrue(back.interval(PcmParam.RATE).openmin);
        assertTrue(back.interval(PcmParam.TICK_TIME).isEmpty());
        assertEquals(PcmInterval.UINT_MAX, back.interval(PcmParam.SAMPLE_BITS).max);
        assertArrayEquals(b, back.encode());
        assertArrayEquals(b, back.copy().encode());
    }

    @Test
    void swParams() {
        SwParams p = new SwParams(1, 1, 3, 1024, 1, 4096, 0x4000000000000000L, 5, 6, 0x4000000000000000L,
                PcmIoctl.PROTOCOL_VERSION, 1);
        byte[] b = p.encode();
        assertEquals(136, b.length);
        ByteBuffer bb = le(b);
        assertEquals(1, bb.getInt(0));
        assertEquals(1, bb.getInt(4));
        assertEquals(3, bb.getInt(8));
        assertEquals(1024, bb.getLong(16));
        assertEquals(1, bb.getLong(24));
        assertEquals(4096, bb.getLong(32));
        assertEquals(0x4000000000000000L, bb.getLong(40));
        assertEquals(5, bb.getLong(48));
        assertEquals(6, bb.getLong(56));
        assertEquals(0x4000000000000000L, bb.getLong(64));
        assertEquals(0x2000f, bb.getInt(72));
        assertEquals(1, bb.getInt(76));
        assertEquals(p, SwParams.decode(b));
    }

    @Test
    void pcmStatus() {
        PcmStatus s = new PcmStatus(3, 11, 12, 13, 14, 4096, 2048, -5, 1024, 3000, 0, 2, 0x10001, 15, 16, 17, 18,
                19);
        byte[] b = s.encode();
        assertEquals(152, b.length);
        ByteBuffer bb = le(b);
        assertEquals(3, bb.getInt(0));
        assertEquals(11, bb.getLong(8));
        assertEquals(12, bb.getLong(16));
        assertEquals(13, bb.getLong(24));
        assertEquals(14, bb.getLong(32));
        assertEquals(4096, bb.getLong(40));
        assertEquals(2048, bb.getLong(48));
        assertEquals(-5, bb.getLong(56));
        assertEquals(1024, bb.getLong(64));
        assertEquals(3000, bb.getLong(72));
        assertEquals(2, bb.getInt(88));
        assertEquals(0x10001, bb.getInt(92));
        assertEquals(15, bb.getLong(96));
        assertEquals(16, bb.getLong(104));
        assertEquals(17, bb.getLong(112));
        assertEquals(18, bb.getLong(120));
        assertEquals(19, bb.getInt(128));
        assertEquals(s, PcmStatus.decode(b));
    }

    @Test
    void syncPtrWithStatusAndControl() {
        MmapStatus st = new MmapStatus(3, 1234, 5, 6, 0, 7, 8);
        MmapControl c = new MmapControl(999, 256);
        SyncPtr p = new SyncPtr(SyncPtr.FLAG_APPL | SyncPtr.FLAG_AVAIL_MIN, st, c);
        byte[] b = p.encode();
        assertEquals(136, b.length);
        ByteBuffer bb = le(b);
        assertEquals(6, bb.getInt(0));
        assertEquals(3, bb.getInt(8));
        assertEquals(1234, bb.getLong(16));
        assertEquals(5, bb.getLong(24));
        assertEquals(6, bb.getLong(32));
        assertEquals(0, bb.getInt(40));
        assertEquals(7, bb.getLong(48));
        assertEquals(8, bb.getLong(56));
        assertEquals(999, bb.getLong(72));
        assertEquals(256, bb.getLong(80));
        assertEquals(p, SyncPtr.decode(b));
        assertEquals(56, st.encode().length);
        assertEquals(st, MmapStatus.decode(st.encode()));
        assertEquals(16, c.encode().length);
        assertEquals(c, MmapControl.decode(c.encode()));
    }

    @Test
    void xferi() {
        Xferi x = new Xferi(-32, 0x7fff00001000L, 960);
        byte[] b = x.encode();
        assertEquals(24, b.length);
        ByteBuffer bb = le(b);
        assertEquals(-32, bb.getLong(0));
        assertEquals(0x7fff00001000L, bb.getLong(8));
        assertEquals(960, bb.getLong(16));
        assertEquals(x, Xferi.decode(b));
        assertEquals(960, x.withResult(960).result());
    }

    @Test
    void channelInfo() {
        ChannelInfo c = new ChannelInfo(1, 0, 16, 32);
        byte[] b = c.encode();
        assertEquals(24, b.length);
        ByteBuffer bb = le(b);
        assertEquals(1, bb.getInt(0));
        assertEquals(0, bb.getLong(8));
        assertEquals(16, bb.getInt(16));
        assertEquals(32, bb.getInt(20));
        assertEquals(c, ChannelInfo.decode(b));
    }

    @Test
    void formatTable() {
        assertEquals("S16_LE", PcmFormat.name(PcmFormat.S16_LE));
        assertEquals("DSD_U32_BE", PcmFormat.name(52));
        assertEquals("Unknown", PcmFormat.name(29));
        assertEquals(32, PcmFormat.physicalWidth(PcmFormat.S24_LE));
        assertEquals(24, PcmFormat.physicalWidth(PcmFormat.S24_3LE));
        assertArrayEquals(new byte[] {(byte) 0x80}, PcmFormat.of(PcmFormat.U8).silenceSample());
        assertArrayEquals(new byte[] {0, (byte) 0x80}, PcmFormat.of(PcmFormat.U16_LE).silenceSample());
        assertArrayEquals(new byte[] {(byte) 0x80, 0}, PcmFormat.of(PcmFormat.U16_BE).silenceSample());
        assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0}, PcmFormat.of(PcmFormat.U24_LE).silenceSample());
        assertArrayEquals(new byte[] {0, (byte) 0x80, 0, 0}, PcmFormat.of(PcmFormat.U24_BE).silenceSample());
        assertArrayEquals(new byte[] {0, 0, 0x08}, PcmFormat.of(PcmFormat.U20_3LE).silenceSample());
        assertArrayEquals(new byte[] {0, 0}, PcmFormat.of(PcmFormat.S16_LE).silenceSample());
        assertArrayEquals(new byte[] {0x69, 0x69}, PcmFormat.of(PcmFormat.DSD_U16_LE).silenceSample());
        byte[] buf = new byte[6];
        PcmFormat.of(PcmFormat.U16_BE).fillSilence(buf, 2, 4);
        assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0, (byte) 0x80, 0}, buf);
    }

    @Test
    void intervalArithmetic() {
        PcmInterval i = PcmInterval.any();
        assertTrue(i.refine(PcmInterval.of(8000, 768000)));
        assertFalse(i.refine(PcmInterval.of(8000, 768000)));
        // PERIOD_TIME of 1024 frames at 48 kHz: 21333.33 us, an open interval (21333, 21334).
        PcmInterval t = PcmInterval.mulKDiv(PcmInterval.single(1024), 1_000_000, PcmInterval.single(48000));
        assertEquals(21333, t.min);
        assertEquals(21334, t.max);
        assertTrue(t.openmin);
        assertTrue(t.openmax);
        assertFalse(t.isEmpty());
        // An integer constraint on an open interval moves both ends inward and empties it.
        PcmInterval c = t.copy();
        PcmInterval integer = PcmInterval.any();
        integer.integer = true;
        org.junit.jupiter.api.Assertions.assertThrows(org.sndfuse.errno.SndException.class,
                () -> c.refine(integer));
        PcmInterval d = PcmInterval.div(PcmInterval.single(4096), PcmInterval.of(1000, 1024));
        assertEquals(4, d.min);
        assertEquals(5, d.max);
        assertTrue(d.openmax);
        PcmInterval first = PcmInterval.of(2, 9);
        assertTrue(first.refineFirst());
        assertEquals(2, first.max);
        PcmInterval last = PcmInterval.of(2, 9);
        assertTrue(last.refineLast());
        assertEquals(9, last.min);
        PcmMask m = PcmMask.any();
        assertTrue(m.refineFirst());
        assertEquals(0, m.min());
        assertTrue(m.isSingle());
    }
}
