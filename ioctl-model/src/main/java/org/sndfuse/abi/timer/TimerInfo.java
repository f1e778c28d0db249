package org.sndfuse.abi.timer;

import org.sndfuse.abi.StructBytes;

/** struct snd_timer_info (232 bytes): INFO's output for the selected timer. */
public record TimerInfo(int flags, int card, String id, String name, long resolution) {
    public static final int SIZE = 232;
    public static final int OFF_FLAGS = 0, OFF_CARD = 4, OFF_ID = 8, LEN_ID = 64, OFF_NAME = 72, LEN_NAME = 80,
            OFF_RESOLUTION = 160;
    /** SNDRV_TIMER_FLG_SLAVE: the timer cannot be controlled. */
    public static final int FLG_SLAVE = 1;

    public static TimerInfo decode(byte[] b) {
        StructBytes s = StructBytes.of(b, SIZE);
        return new TimerInfo(s.i32(OFF_FLAGS), s.i32(OFF_CARD), s.cstr(OFF_ID, LEN_ID), s.cstr(OFF_NAME, LEN_NAME),
                s.i64(OFF_RESOLUTION));
    }

    public byte[] encode() {
        StructBytes s = StructBytes.allocate(SIZE);
        s.i32(OFF_FLAGS, flags).i32(OFF_CARD, card).cstr(OFF_ID, LEN_ID, id).cstr(OFF_NAME, LEN_NAME, name)
                .i64(OFF_RESOLUTION, resolution);
        return s.bytes();
    }
}
