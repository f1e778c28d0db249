package org.sndfuse.abi.timer;

import org.sndfuse.abi.StructBytes;

/** struct snd_timer_ginfo (248 bytes): GINFO's in/out record. */
public record TimerGinfo(TimerId tid, int flags, int card, String id, String name, long resolution,
                         long resolutionMin, long resolutionMax, int clients) {
    public static final int SIZE = 248;
    public static final int OFF_TID = 0, OFF_FLAGS = 20, OFF_CARD = 24, OFF_ID = 28, LEN_ID = 64,
            OFF_NAME = 92, LEN_NAME = 80, OFF_RESOLUTION = 184, OFF_RESOLUTION_MIN = 192,
            OFF_RESOLUTION_MAX = 200, OFF_CLIENTS = 208;

    public static TimerGinfo decode(byte[] b) {
        StructBytes s = StructBytes.of(b, SIZE);
        return new TimerGinfo(TimerId.decode(s, OFF_TID), s.i32(OFF_FLAGS), s.i32(OFF_CARD),
                s.cstr(OFF_ID, LEN_ID), s.cstr(OFF_NAME, LEN_NAME), s.i64(OFF_RESOLUTION),
                s.i64(OFF_RESOLUTION_MIN), s.i64(OFF_RESOLUTION_MAX), s.i32(OFF_CLIENTS));
    }

    public byte[] encode() {
        StructBytes s = StructBytes.allocate(SIZE);
        tid.encode(s, OFF_TID);
        s.i32(OFF_FLAGS, flags).i32(OFF_CARD, card).cstr(OFF_ID, LEN_ID, id).cstr(OFF_NAME, LEN_NAME, name)
                .i64(OFF_RESOLUTION, resolution).i64(OFF_RESOLUTION_MIN, resolutionMin)
                .i64(OFF_RESOLUTION_MAX, resolutionMax).i32(OFF_CLIENTS, clients);
        return s.bytes();
    }
}
