package org.sndfuse.abi.pcm;

import org.sndfuse.abi.StructBytes;

/**
 * struct snd_pcm_info (288 bytes): INFO on the PCM node and PCM_INFO on the control node. {@code sync} is the
 * 16-byte sync id, kept as raw bytes.
 */
public record PcmInfo(int device, int subdevice, int stream, int card, String id, String name, String subname,
                      int devClass, int devSubclass, int subdevicesCount, int subdevicesAvail, byte[] sync) {
    public static final int SIZE = 288;
    public static final int OFF_DEVICE = 0, OFF_SUBDEVICE = 4, OFF_STREAM = 8, OFF_CARD = 12, OFF_ID = 16,
            LEN_ID = 64, OFF_NAME = 80, LEN_NAME = 80, OFF_SUBNAME = 160, LEN_SUBNAME = 32, OFF_DEV_CLASS = 192,
            OFF_DEV_SUBCLASS = 196, OFF_SUBDEVICES_COUNT = 200, OFF_SUBDEVICES_AVAIL = 204, OFF_SYNC = 208,
            LEN_SYNC = 16;
    /** dev_class GENERIC and dev_subclass GENERIC_MIX are both 0. */
    public static final int CLASS_GENERIC = 0, SUBCLASS_GENERIC_MIX = 0;

    public PcmInfo {
        sync = sync == null ? new byte[LEN_SYNC] : sync.clone();
    }

    @Override
    public byte[] sync() {
        return sync.clone();
    }

    public static PcmInfo decode(byte[] b) {
        StructBytes s = StructBytes.of(b, SIZE);
        return new PcmInfo(s.i32(OFF_DEVICE), s.i32(OFF_SUBDEVICE), s.i32(OFF_STREAM), s.i32(OFF_CARD),
                s.cstr(OFF_ID, LEN_ID), s.cstr(OFF_NAME, LEN_NAME), s.cstr(OFF_SUBNAME, LEN_SUBNAME),
                s.i32(OFF_DEV_CLASS), s.i32(OFF_DEV_SUBCLASS), s.i32(OFF_SUBDEVICES_COUNT),
                s.i32(OFF_SUBDEVICES_AVAIL), s.slice(OFF_SYNC, LEN_SYNC));
    }

    public byte[] encode() {
        StructBytes s = StructBytes.allocate(SIZE);
        s.i32(OFF_DEVICE, device).i32(OFF_SUBDEVICE, subdevice).i32(OFF_STREAM, stream).i32(OFF_CARD, card)
                .cstr(OFF_ID, LEN_ID, id).cstr(OFF_NAME, LEN_NAME, name).cstr(OFF_SUBNAME, LEN_SUBNAME, subname)
                .i32(OFF_DEV_CLASS, devClass).i32(OFF_DEV_SUBCLASS, devSubclass)
                .i32(OFF_SUBDEVICES_COUNT, subdevicesCount).i32(OFF_SUBDEVICES_AVAIL, subdevicesAvail)
                .put(OFF_SYNC, sync);
        return s.bytes();
    }
}
