package org.sndfuse.abi.control;

import org.sndfuse.abi.StructBytes;

/** struct snd_ctl_elem_id (64 bytes): numid 0, iface 4, device 8, subdevice 12, name 16 (44), index 60. */
public record CtlElemId(int numid, int iface, int device, int subdevice, String name, int index) {
    public static final int SIZE = 64;
    public static final int OFF_NUMID = 0, OFF_IFACE = 4, OFF_DEVICE = 8, OFF_SUBDEVICE = 12, OFF_NAME = 16,
            LEN_NAME = 44, OFF_INDEX = 60;
    /** SNDRV_CTL_ELEM_IFACE_PCM: aloop's controls live on the PCM interface. */
    public static final int IFACE_CARD = 0, IFACE_MIXER = 2, IFACE_PCM = 3;

    public static CtlElemId decode(StructBytes s, int base) {
        return new CtlElemId(s.i32(base + OFF_NUMID), s.i32(base + OFF_IFACE), s.i32(base + OFF_DEVICE),
                s.i32(base + OFF_SUBDEVICE), s.cstr(base + OFF_NAME, LEN_NAME), s.i32(base + OFF_INDEX));
    }

    public static CtlElemId decode(byte[] b) {
        return decode(StructBytes.of(b, SIZE), 0);
    }

    public void encode(StructBytes s, int base) {
        s.i32(base + OFF_NUMID, numid).i32(base + OFF_IFACE, iface).i32(base + OFF_DEVICE, device)
                .i32(base + OFF_SUBDEVICE, subdevice).cstr(base + OFF_NAME, LEN_NAME, name).i32(base + OFF_INDEX, index);
    }

    public byte[] encode() {
        StructBytes s = StructBytes.allocate(SIZE);
        encode(s, 0);
        return s.bytes();
    }
}
