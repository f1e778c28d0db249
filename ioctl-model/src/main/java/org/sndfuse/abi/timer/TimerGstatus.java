package org.sndfuse.abi.timer;

import org.sndfuse.abi.StructBytes;

/** struct snd_timer_gstatus (80 bytes): GSTATUS' in/out record. */
public record TimerGstatus(TimerId tid, long resolution, long resolutionNum, long resolutionDen) {
    public static final int SIZE = 80;
    public static final int OFF_TID = 0, OFF_RESOLUTION = 24, OFF_RESOLUTION_NUM = 32, OFF_RESOLUTION_DEN = 40;

    public static TimerGstatus decode(byte[] b) {
        StructBytes s = StructBytes.of(b, SIZE);
        return new TimerGstatus(TimerId.decode(s, OFF_TID), s.i64(OFF_RESOLUTION), s.i64(OFF_RESOLUTION_NUM),
                s.i64(OFF_RESOLUTION_DEN));
    }

    public byte[] encode() {
        StructBytes s = StructBytes.allocate(SIZE);
        tid.encode(s, OFF_TID);
        s.i64(OFF_RESOLUTION, resolution).i64(OFF_RESOLUTION_NUM, resolutionNum).i64(OFF_RESOLUTION_DEN, resolutionDen);
        return s.bytes();
    }
}
