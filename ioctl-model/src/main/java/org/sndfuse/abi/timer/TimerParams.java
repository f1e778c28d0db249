package org.sndfuse.abi.timer;

import org.sndfuse.abi.StructBytes;

/** struct snd_timer_params (80 bytes): flags 0, ticks 4, queue_size 8, filter 16. */
public record TimerParams(int flags, long ticks, long queueSize, long filter) {
    public static final int SIZE = 80;
    public static final int OFF_FLAGS = 0, OFF_TICKS = 4, OFF_QUEUE_SIZE = 8, OFF_FILTER = 16;
    public static final int PSFLG_AUTO = 1, PSFLG_EXCLUSIVE = 2, PSFLG_EARLY_EVENT = 4;

    public static TimerParams decode(byte[] b) {
        StructBytes s = StructBytes.of(b, SIZE);
        return new TimerParams(s.i32(OFF_FLAGS), s.u32(OFF_TICKS), s.u32(OFF_QUEUE_SIZE), s.u32(OFF_FILTER));
    }

    public byte[] encode() {
        StructBytes s = StructBytes.allocate(SIZE);
        s.i32(OFF_FLAGS, flags).u32(OFF_TICKS, ticks).u32(OFF_QUEUE_SIZE, queueSize).u32(OFF_FILTER, filter);
        return s.bytes();
    }
}
