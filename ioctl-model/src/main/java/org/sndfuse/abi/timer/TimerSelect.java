package org.sndfuse.abi.timer;

import org.sndfuse.abi.StructBytes;

/** struct snd_timer_select (52 bytes): a timer id and 32 reserved bytes. */
public record TimerSelect(TimerId id) {
    public static final int SIZE = 52;
    public static final int OFF_ID = 0;

    public static TimerSelect decode(byte[] b) {
        return new TimerSelect(TimerId.decode(StructBytes.of(b, SIZE), OFF_ID));
    }

    public byte[] encode() {
        StructBytes s = StructBytes.allocate(SIZE);
        id.encode(s, OFF_ID);
        return s.bytes();
    }
}
