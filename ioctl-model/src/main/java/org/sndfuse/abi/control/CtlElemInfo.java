package org.sndfuse.abi.control;

import org.sndfuse.abi.StructBytes;

/**
 * struct snd_ctl_elem_info (272 bytes): id 0, type 64, access 68, count 72, owner 76, value union 80 —
 * integer min 80 / max 88 / step 96, or enumerated items 80 / item 84 (in) / name 88 (64 chars).
 */
public record CtlElemInfo(CtlElemId id, int type, int access, int count, int owner, long min, long max, long step,
                          int items, int item, String itemName) {
    public static final int SIZE = 272;
    public static final int OFF_ID = 0, OFF_TYPE = 64, OFF_ACCESS = 68, OFF_COUNT = 72, OFF_OWNER = 76,
            OFF_MIN = 80, OFF_MAX = 88, OFF_STEP = 96, OFF_ITEMS = 80, OFF_ITEM = 84, OFF_ITEM_NAME = 88,
            LEN_ITEM_NAME = 64;
    public static final int TYPE_BOOLEAN = 1, TYPE_INTEGER = 2, TYPE_ENUMERATED = 3;
    public static final int ACCESS_READ = 1, ACCESS_WRITE = 2, ACCESS_VOLATILE = 4;

    public static CtlElemInfo decode(byte[] b) {
        StructBytes s = StructBytes.of(b, SIZE);
        int type = s.i32(OFF_TYPE);
        boolean en = type == TYPE_ENUMERATED;
        return new CtlElemInfo(CtlElemId.decode(s, OFF_ID), type, s.i32(OFF_ACCESS), s.i32(OFF_COUNT), s.i32(OFF_OWNER),
                en ? 0 : s.i64(OFF_MIN), en ? 0 : s.i64(OFF_MAX), en ? 0 : s.i64(OFF_STEP), en ? s.i32(OFF_ITEMS) : 0,
                en ? s.i32(OFF_ITEM) : 0, en ? s.cstr(OFF_ITEM_NAME, LEN_ITEM_NAME) : "");
    }

    public byte[] encode() {
        StructBytes s = StructBytes.allocate(SIZE);
        id.encode(s, OFF_ID);
        s.i32(OFF_TYPE, type).i32(OFF_ACCESS, access).i32(OFF_COUNT, count).i32(OFF_OWNER, owner);
        if (type == TYPE_ENUMERATED) {
            s.i32(OFF_ITEMS, items).i32(OFF_ITEM, item).cstr(OFF_ITEM_NAME, LEN_ITEM_NAME, itemName);
        } else {
            s.i64(OFF_MIN, min).i64(OFF_MAX, max).i64(OFF_STEP, step);
        }
        return s.bytes();
    }
}
