package org.sndfuse.abi.pcm;

import org.sndfuse.abi.StructBytes;

/** struct snd_pcm_mmap_control (16 bytes): the control page and SYNC_PTR's c.control. */
public record MmapControl(long applPtr, long availMin) {
    public static final int SIZE = 16;
    public static final int OFF_APPL_PTR = 0, OFF_AVAIL_MIN = 8;

    public static MmapControl decode(StructBytes s, int base) {
        return new MmapControl(s.i64(base + OFF_APPL_PTR), s.i64(base + OFF_AVAIL_MIN));
    }

    public static MmapControl decode(byte[] b) {
        return decode(StructBytes.of(b, SIZE), 0);
    }

    public void encode(StructBytes s, int base) {
        s.i64(base + OFF_APPL_PTR, applPtr).i64(base + OFF_AVAIL_MIN, availMin);
    }

    public byte[] encode() {
        StructBytes s = StructBytes.allocate(SIZE);
        encode(s, 0);
        return s.bytes();
    }
}
