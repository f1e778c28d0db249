package org.sndfuse.abi.pcm;

import org.sndfuse.abi.StructBytes;

/**
 * struct snd_pcm_status with 64-bit times (152 bytes): what STATUS and STATUS_EXT carry on x86_64
 * (docs/pcm-abi.md §1). For STATUS_EXT the caller's audio_tstamp_data is an input (bits 0-3: requested
 * audio timestamp type).
 */
public record PcmStatus(int state, long triggerSec, long triggerNsec, long tstampSec, long tstampNsec,
                        long applPtr, long hwPtr, long delay, long avail, long availMax, long overrange,
                        int suspendedState, int audioTstampData, long audioTstampSec, long audioTstampNsec,
                        long driverTstampSec, long driverTstampNsec, int audioTstampAccuracy) {
    public static final int SIZE = 152;
    public static final int OFF_STATE = 0, OFF_TRIGGER_SEC = 8, OFF_TRIGGER_NSEC = 16, OFF_TSTAMP_SEC = 24,
            OFF_TSTAMP_NSEC = 32, OFF_APPL_PTR = 40, OFF_HW_PTR = 48, OFF_DELAY = 56, OFF_AVAIL = 64,
            OFF_AVAIL_MAX = 72, OFF_OVERRANGE = 80, OFF_SUSPENDED_STATE = 88, OFF_AUDIO_TSTAMP_DATA = 92,
            OFF_AUDIO_TSTAMP_SEC = 96, OFF_AUDIO_TSTAMP_NSEC = 104, OFF_DRIVER_TSTAMP_SEC = 112,
            OFF_DRIVER_TSTAMP_NSEC = 120, OFF_AUDIO_TSTAMP_ACCURACY = 128;

    /** A request for STATUS_EXT carrying only the audio timestamp configuration word. */
    public static PcmStatus request(int audioTstampData) {
        return new PcmStatus(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, audioTstampData, 0, 0, 0, 0, 0);
    }

    public static PcmStatus decode(byte[] b) {
        StructBytes s = StructBytes.of(b, SIZE);
        return new PcmStatus(s.i32(OFF_STATE), s.i64(OFF_TRIGGER_SEC), s.i64(OFF_TRIGGER_NSEC),
                s.i64(OFF_TSTAMP_SEC), s.i64(OFF_TSTAMP_NSEC), s.i64(OFF_APPL_PTR), s.i64(OFF_HW_PTR),
                s.i64(OFF_DELAY), s.i64(OFF_AVAIL), s.i64(OFF_AVAIL_MAX), s.i64(OFF_OVERRANGE),
                s.i32(OFF_SUSPENDED_STATE), s.i32(OFF_AUDIO_TSTAMP_DATA), s.i64(OFF_AUDIO_TSTAMP_SEC),
                s.i64(OFF_AUDIO_TSTAMP_NSEC), s.i64(OFF_DRIVER_TSTAMP_SEC), s.i64(OFF_DRIVER_TSTAMP_NSEC),
                s.i32(OFF_AUDIO_TSTAMP_ACCURACY));
    }

    public byte[] encode() {
        StructBytes s = StructBytes.allocate(SIZE);
        s.i32(OFF_STATE, state).i64(OFF_TRIGGER_SEC, triggerSec).i64(OFF_TRIGGER_NSEC, triggerNsec)
                .i64(OFF_TSTAMP_SEC, tstampSec).i64(OFF_TSTAMP_NSEC, tstampNsec).i64(OFF_APPL_PTR, applPtr)
                .i64(OFF_HW_PTR, hwPtr).i64(OFF_DELAY, delay).i64(OFF_AVAIL, avail).i64(OFF_AVAIL_MAX, availMax)
                .i64(OFF_OVERRANGE, overrange).i32(OFF_SUSPENDED_STATE, suspendedState)
                .i32(OFF_AUDIO_TSTAMP_DATA, audioTstampData).i64(OFF_AUDIO_TSTAMP_SEC, audioTstampSec)
                .i64(OFF_AUDIO_TSTAMP_NSEC, audioTstampNsec).i64(OFF_DRIVER_TSTAMP_SEC, driverTstampSec)
                .i64(OFF_DRIVER_TSTAMP_NSEC, driverTstampNsec).i32(OFF_AUDIO_TSTAMP_ACCURACY, audioTstampAccuracy);
        return s.bytes();
    }
}
