package org.sndfuse.abi.timer;

import org.sndfuse.abi.StructBytes;

/** struct snd_timer_read (8 bytes): one plain-mode record read() returns. */
public record TimerRead(long resolution, long ticks) {
    public static final int SIZE = 8;
    public static final int OFF_RESOLUTION = 0, OFF_TICKS = 4;

    public static TimerRead decode(byte[] b) {
        StructBytes s = StructBytes.of(b, SIZE);
        return new TimerRead(s.u32(OFF_RESOLUTION), s.u32(OFF_TICKS));
    }

    public void encode(StructBytes s, int base) {
        s.u32(base + OFF_RESOLUTION, resolution).u32(base + OFF_TICKS, ticks);
    }

    public byte[] encode() {
        StructBytes s = StructBytes.allocate(SIZE);
        encode(s, 0);
        return s.bytes();
    }
}
