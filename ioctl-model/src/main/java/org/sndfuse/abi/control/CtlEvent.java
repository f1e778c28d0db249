package org.sndfuse.abi.control;

import org.sndfuse.abi.StructBytes;

/** struct snd_ctl_event (72 bytes) of type ELEM: type 0, mask 4, id 8 — what read() on a control fd returns. */
public record CtlEvent(int mask, CtlElemId id) {
    public static final int SIZE = 72;
    public static final int OFF_TYPE = 0, OFF_MASK = 4, OFF_ID = 8;
    public static final int TYPE_ELEM = 0, MASK_VALUE = 1, MASK_INFO = 2, MASK_ADD = 4, MASK_REMOVE = ~0;

    public static CtlEvent decode(byte[] b) {
        StructBytes s = StructBytes.of(b, SIZE);
        return new CtlEvent(s.i32(OFF_MASK), CtlElemId.decode(s, OFF_ID));
    }

    public void encode(StructBytes s, int base) {
        s.i32(base + OFF_TYPE, TYPE_ELEM).i32(base + OFF_MASK, mask);
        id.encode(s, base + OFF_ID);
    }
}
