package org.sndfuse.abi.timer;

import org.sndfuse.abi.StructBytes;

/** struct snd_timer_gparams (72 bytes): GPARAMS' input. */
public record TimerGparams(TimerId tid, long periodNum, long periodDen) {
    public static final int SIZE = 72;
    public static final int OFF_TID = 0, OFF_PERIOD_NUM = 24, OFF_PERIOD_DEN = 32;

    public static TimerGparams decode(byte[] b) {
        StructBytes s = StructBytes.of(b, SIZE);
        return new TimerGparams(TimerId.decode(s, OFF_TID), s.i64(OFF_PERIOD_NUM), s.i64(OFF_PERIOD_DEN));
    }

    public byte[] encode() {
        StructBytes s = StructBytes.allocate(SIZE);
        tid.encode(s, OFF_TID);
        s.i64(OFF_PERIOD_NUM, periodNum).i64(OFF_PERIOD_DEN, periodDen);
        return s.bytes();
    }
}
