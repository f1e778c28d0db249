package org.sndfuse.abi.control;

import org.sndfuse.abi.StructBytes;

/**
 * struct snd_ctl_elem_value (1224 bytes): id 0, value union 72 (1024 bytes). Integer and boolean values are
 * longs (8 bytes each), enumerated items unsigned ints (4 bytes each); aloop's controls have one value.
 */
public record CtlElemValue(CtlElemId id, long value) {
    public static final int SIZE = 1224;
    public static final int OFF_ID = 0, OFF_VALUE = 72;

    public static CtlElemValue decode(byte[] b, boolean enumerated) {
        StructBytes s = StructBytes.of(b, SIZE);
        return new CtlElemValue(CtlElemId.decode(s, OFF_ID), enumerated ? s.u32(OFF_VALUE) : s.i64(OFF_VALUE));
    }

    public byte[] encode(boolean enumerated) {
        StructBytes s = StructBytes.allocate(SIZE);
        id.encode(s, OFF_ID);
        if (enumerated) {
            s.u32(OFF_VALUE, value);
        } else {
            s.i64(OFF_VALUE, value);
        }
        return s.bytes();
    }
}
