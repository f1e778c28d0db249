package org.sndfuse.abi.control;

import org.sndfuse.abi.StructBytes;

/** struct snd_ctl_card_info (376 bytes): the control node's CARD_INFO answer. */
public record CtlCardInfo(int card, String id, String driver, String name, String longname, String mixername,
                          String components) {
    public static final int SIZE = 376;
    public static final int OFF_CARD = 0, OFF_ID = 8, LEN_ID = 16, OFF_DRIVER = 24, LEN_DRIVER = 16,
            OFF_NAME = 40, LEN_NAME = 32, OFF_LONGNAME = 72, LEN_LONGNAME = 80, OFF_MIXERNAME = 168,
            LEN_MIXERNAME = 80, OFF_COMPONENTS = 248, LEN_COMPONENTS = 128;

    public static CtlCardInfo decode(byte[] b) {
        StructBytes s = StructBytes.of(b, SIZE);
        return new CtlCardInfo(s.i32(OFF_CARD), s.cstr(OFF_ID, LEN_ID), s.cstr(OFF_DRIVER, LEN_DRIVER),
                s.cstr(OFF_NAME, LEN_NAME), s.cstr(OFF_LONGNAME, LEN_LONGNAME),
                s.cstr(OFF_MIXERNAME, LEN_MIXERNAME), s.cstr(OFF_COMPONENTS, LEN_COMPONENTS));
    }

    public byte[] encode() {
        StructBytes s = StructBytes.allocate(SIZE);
        s.i32(OFF_CARD, card).cstr(OFF_ID, LEN_ID, id).cstr(OFF_DRIVER, LEN_DRIVER, driver)
                .cstr(OFF_NAME, LEN_NAME, name).cstr(OFF_LONGNAME, LEN_LONGNAME, longname)
                .cstr(OFF_MIXERNAME, LEN_MIXERNAME, mixername).cstr(OFF_COMPONENTS, LEN_COMPONENTS, components);
        return s.bytes();
    }
}
