package org.sndfuse.abi.timer;

import org.sndfuse.abi.StructBytes;

/** struct snd_timer_tread (32 bytes on x86_64 for both TREAD requests): one timestamped event. */
public record TimerTread(int event, long tstampSec, long tstampNsec, long val) {
    public static final int SIZE = 32;
    public static final int OFF_EVENT = 0, OFF_TSTAMP_SEC = 8, OFF_TSTAMP_NSEC = 16, OFF_VAL = 24;

    public static TimerTread decode(byte[] b) {
        StructBytes s = StructBytes.of(b, SIZE);
        return new TimerTread(s.i32(OFF_EVENT), s.i64(OFF_TSTAMP_SEC), s.i64(OFF_TSTAMP_NSEC), s.u32(OFF_VAL));
    }

    public void encode(StructBytes s, int base) {
        s.i32(base + OFF_EVENT, event).i64(base + OFF_TSTAMP_SEC, tstampSec).i64(base + OFF_TSTAMP_NSEC, tstampNsec)
                .u32(base + OFF_VAL, val);
    }

    public byte[] encode() {
        StructBytes s = StructBytes.allocate(SIZE);
        encode(s, 0);
        return s.bytes();
    }
}
