package org.sndfuse.abi.control;

import org.sndfuse.abi.StructBytes;

/**
 * struct snd_ctl_elem_list (80 bytes): offset 0, space 4, used 8, count 12, pids 16 (a user pointer to
 * {@code space} snd_ctl_elem_id entries, which the daemon fills through the caller's memory).
 */
public record CtlElemList(long offset, long space, long used, long count, long pids) {
    public static final int SIZE = 80;
    public static final int OFF_OFFSET = 0, OFF_SPACE = 4, OFF_USED = 8, OFF_COUNT = 12, OFF_PIDS = 16;

    public static CtlElemList decode(byte[] b) {
        StructBytes s = StructBytes.of(b, SIZE);
        return new CtlElemList(s.u32(OFF_OFFSET), s.u32(OFF_SPACE), s.u32(OFF_USED), s.u32(OFF_COUNT), s.i64(OFF_PIDS));
    }

    /** Encodes over the caller's bytes so reserved bytes come back as they went in. */
    public byte[] encodeOver(byte[] original) {
        StructBytes s = StructBytes.of(original, SIZE);
        s.u32(OFF_OFFSET, offset).u32(OFF_SPACE, space).u32(OFF_USED, used).u32(OFF_COUNT, count).i64(OFF_PIDS, pids);
        return s.bytes();
    }
}
