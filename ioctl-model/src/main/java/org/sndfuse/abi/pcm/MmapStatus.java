package org.sndfuse.abi.pcm;

import org.sndfuse.abi.StructBytes;

/** struct snd_pcm_mmap_status, x86_64 layout (56 bytes): the status page and SYNC_PTR's s.status. */
public record MmapStatus(int state, long hwPtr, long tstampSec, long tstampNsec, int suspendedState,
                         long audioTstampSec, long audioTstampNsec) {
    public static final int SIZE = 56;
    public static final int OFF_STATE = 0, OFF_HW_PTR = 8, OFF_TSTAMP_SEC = 16, OFF_TSTAMP_NSEC = 24,
            OFF_SUSPENDED_STATE = 32, OFF_AUDIO_TSTAMP_SEC = 40, OFF_AUDIO_TSTAMP_NSEC = 48;

    public static MmapStatus decode(StructBytes s, int base) {
        return new MmapStatus(s.i32(base + OFF_STATE), s.i64(base + OFF_HW_PTR), s.i64(base + OFF_TSTAMP_SEC),
                s.i64(base + OFF_TSTAMP_NSEC), s.i32(base + OFF_SUSPENDED_STATE), s.i64(base + OFF_AUDIO_TSTAMP_SEC),
                s.i64(base + OFF_AUDIO_TSTAMP_NSEC));
    }

    public static MmapStatus decode(byte[] b) {
        return decode(StructBytes.of(b, SIZE), 0);
    }

    public void encode(StructBytes s, int base) {
        s.i32(base + OFF_STATE, state).i64(base + OFF_HW_PTR, hwPtr).i64(base + OFF_TSTAMP_SEC, tstampSec)
                .i64(base + OFF_TSTAMP_NSEC, tstampNsec).i32(base + OFF_SUSPENDED_STATE, suspendedState)
                .i64(base + OFF_AUDIO_TSTAMP_SEC, audioTstampSec).i64(base + OFF_AUDIO_TSTAMP_NSEC, audioTstampNsec);
    }

    public byte[] encode() {
        StructBytes s = StructBytes.allocate(SIZE);
        encode(s, 0);
        return s.bytes();
    }
}
