package org.sndfuse.abi.timer;

import org.sndfuse.abi.StructBytes;

/** struct snd_timer_status, 64-bit time layout (96 bytes), STATUS's output on x86_64. */
public record TimerStatus(long tstampSec, long tstampNsec, long resolution, long lost, long overrun, long queue) {
    public static final int SIZE = 96;
    public static final int OFF_TSTAMP_SEC = 0, OFF_TSTAMP_NSEC = 8, OFF_RESOLUTION = 16, OFF_LOST = 20,
            OFF_OVERRUN = 24, OFF_QUEUE = 28;

    public static TimerStatus decode(byte[] b) {
        StructBytes s = StructBytes.of(b, SIZE);
        return new TimerStatus(s.i64(OFF_TSTAMP_SEC), s.i64(OFF_TSTAMP_NSEC), s.u32(OFF_RESOLUTION), s.u32(OFF_LOST),
                s.u32(OFF_OVERRUN), s.u32(OFF_QUEUE));
    }

    public byte[] encode() {
        StructBytes s = StructBytes.allocate(SIZE);
        s.i64(OFF_TSTAMP_SEC, tstampSec).i64(OFF_TSTAMP_NSEC, tstampNsec).u32(OFF_RESOLUTION, resolution)
                .u32(OFF_LOST, lost).u32(OFF_OVERRUN, overrun).u32(OFF_QUEUE, queue);
        return s.bytes();
    }
}
