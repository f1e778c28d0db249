package org.sndfuse.abi.timer;

import org.sndfuse.abi.StructBytes;

/** struct snd_timer_id (20 bytes): class 0, sclass 4, card 8, device 12, subdevice 16. */
public record TimerId(int devClass, int devSclass, int card, int device, int subdevice) {
    public static final int SIZE = 20;
    public static final int OFF_CLASS = 0, OFF_SCLASS = 4, OFF_CARD = 8, OFF_DEVICE = 12, OFF_SUBDEVICE = 16;

    public static final int CLASS_NONE = -1, CLASS_SLAVE = 0, CLASS_GLOBAL = 1, CLASS_CARD = 2, CLASS_PCM = 3;
    public static final int SCLASS_NONE = 0, SCLASS_APPLICATION = 1, SCLASS_SEQUENCER = 2, SCLASS_OSS_SEQUENCER = 3;
    public static final int GLOBAL_SYSTEM = 0, GLOBAL_HRTIMER = 3, GLOBAL_UDRIVEN = 4;

    /** What NEXT_DEVICE returns when there is nothing further. */
    public static final TimerId END = new TimerId(CLASS_NONE, SCLASS_NONE, -1, -1, -1);

    public static TimerId global(int device, int subdevice) {
        return new TimerId(CLASS_GLOBAL, SCLASS_NONE, -1, device, subdevice);
    }

    public static TimerId decode(StructBytes s, int base) {
        return new TimerId(s.i32(base + OFF_CLASS), s.i32(base + OFF_SCLASS), s.i32(base + OFF_CARD),
                s.i32(base + OFF_DEVICE), s.i32(base + OFF_SUBDEVICE));
    }

    public static TimerId decode(byte[] b) {
        return decode(StructBytes.of(b, SIZE), 0);
    }

    public void encode(StructBytes s, int base) {
        s.i32(base + OFF_CLASS, devClass).i32(base + OFF_SCLASS, devSclass).i32(base + OFF_CARD, card)
                .i32(base + OFF_DEVICE, device).i32(base + OFF_SUBDEVICE, subdevice);
    }

    public byte[] encode() {
        StructBytes s = StructBytes.allocate(SIZE);
        encode(s, 0);
        return s.bytes();
    }

    public TimerId withSclass(int sclass) {
        return new TimerId(devClass, sclass, card, device, subdevice);
    }

    /** The "G0", "G4.2", "C0-1", "P0-0-0" style short names used in text interfaces and logs. */
    public String shortName() {
        switch (devClass) {
            case CLASS_GLOBAL:
                return subdevice == 0 && device != GLOBAL_UDRIVEN ? "G" + device : "G" + device + "." + subdevice;
            case CLASS_CARD:
                return "C" + card + "-" + device;
            case CLASS_PCM:
                return "P" + card + "-" + device + "-" + subdevice;
            case CLASS_SLAVE:
                return "S" + devSclass + "-" + device;
            default:
                return "none";
        }
    }
}
