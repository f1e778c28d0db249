package org.sndfuse.abi.timer;

import org.sndfuse.abi.StructBytes;

/** struct snd_timer_uinfo (32 bytes): CREATE's in/out record for a userspace-driven timer. */
public record TimerUinfo(long resolution, int fd, long id) {
    public static final int SIZE = 32;
    public static final int OFF_RESOLUTION = 0, OFF_FD = 8, OFF_ID = 12;

    public static TimerUinfo decode(byte[] b) {
        StructBytes s = StructBytes.of(b, SIZE);
        return new TimerUinfo(s.i64(OFF_RESOLUTION), s.i32(OFF_FD), s.u32(OFF_ID));
    }

    /** Encodes over the caller's original bytes, so reserved bytes come back as they went in. */
    public byte[] encodeOver(byte[] original) {
        StructBytes s = StructBytes.of(original, SIZE);
        s.i64(OFF_RESOLUTION, resolution).i32(OFF_FD, fd).u32(OFF_ID, id);
        return s.bytes();
    }

    public byte[] encode() {
        return encodeOver(new byte[SIZE]);
    }
}
