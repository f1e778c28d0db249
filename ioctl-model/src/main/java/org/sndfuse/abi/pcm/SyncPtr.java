package org.sndfuse.abi.pcm;

import org.sndfuse.abi.StructBytes;

/**
 * struct snd_pcm_sync_ptr (136 bytes): flags, the status union at 8 (64 bytes) and the control union at 72
 * (64 bytes). Flag bits say which control fields the caller wants read back instead of written
 * (docs/pcm-abi.md §1).
 */
public record SyncPtr(int flags, MmapStatus status, MmapControl control) {
    public static final int SIZE = 136;
    public static final int OFF_FLAGS = 0, OFF_STATUS = 8, OFF_CONTROL = 72;
    public static final int FLAG_HWSYNC = 1, FLAG_APPL = 2, FLAG_AVAIL_MIN = 4;

    public static SyncPtr decode(byte[] b) {
        StructBytes s = StructBytes.of(b, SIZE);
        return new SyncPtr(s.i32(OFF_FLAGS), MmapStatus.decode(s, OFF_STATUS), MmapControl.decode(s, OFF_CONTROL));
    }

    public byte[] encode() {
        StructBytes s = StructBytes.allocate(SIZE);
        s.i32(OFF_FLAGS, flags);
        status.encode(s, OFF_STATUS);
        control.encode(s, OFF_CONTROL);
        return s.bytes();
    }
}
