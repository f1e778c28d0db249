package org.sndfuse.abi.pcm;

import org.sndfuse.abi.StructBytes;

/**
 * struct snd_pcm_sw_params (136 bytes; docs/pcm-abi.md §1). Frame counts are C unsigned longs held in
 * Java longs: compare them with {@link Long#compareUnsigned}.
 */
public record SwParams(int tstampMode, int periodStep, int sleepMin, long availMin, long xferAlign,
                       long startThreshold, long stopThreshold, long silenceThreshold, long silenceSize,
                       long boundary, int proto, int tstampType) {
    public static final int SIZE = 136;
    public static final int OFF_TSTAMP_MODE = 0, OFF_PERIOD_STEP = 4, OFF_SLEEP_MIN = 8, OFF_AVAIL_MIN = 16,
            OFF_XFER_ALIGN = 24, OFF_START_THRESHOLD = 32, OFF_STOP_THRESHOLD = 40, OFF_SILENCE_THRESHOLD = 48,
            OFF_SILENCE_SIZE = 56, OFF_BOUNDARY = 64, OFF_PROTO = 72, OFF_TSTAMP_TYPE = 76;

    public static final int TSTAMP_NONE = 0, TSTAMP_ENABLE = 1, TSTAMP_LAST = TSTAMP_ENABLE;
    public static final int TSTAMP_TYPE_GETTIMEOFDAY = 0, TSTAMP_TYPE_MONOTONIC = 1,
            TSTAMP_TYPE_MONOTONIC_RAW = 2, TSTAMP_TYPE_LAST = TSTAMP_TYPE_MONOTONIC_RAW;

    public static SwParams decode(byte[] b) {
        StructBytes s = StructBytes.of(b, SIZE);
        return new SwParams(s.i32(OFF_TSTAMP_MODE), s.i32(OFF_PERIOD_STEP), s.i32(OFF_SLEEP_MIN),
                s.i64(OFF_AVAIL_MIN), s.i64(OFF_XFER_ALIGN), s.i64(OFF_START_THRESHOLD), s.i64(OFF_STOP_THRESHOLD),
                s.i64(OFF_SILENCE_THRESHOLD), s.i64(OFF_SILENCE_SIZE), s.i64(OFF_BOUNDARY), s.i32(OFF_PROTO),
                s.i32(OFF_TSTAMP_TYPE));
    }

    public byte[] encode() {
        StructBytes s = StructBytes.allocate(SIZE);
        s.i32(OFF_TSTAMP_MODE, tstampMode).i32(OFF_PERIOD_STEP, periodStep).i32(OFF_SLEEP_MIN, sleepMin)
                .i64(OFF_AVAIL_MIN, availMin).i64(OFF_XFER_ALIGN, xferAlign)
                .i64(OFF_START_THRESHOLD, startThreshold).i64(OFF_STOP_THRESHOLD, stopThreshold)
                .i64(OFF_SILENCE_THRESHOLD, silenceThreshold).i64(OFF_SILENCE_SIZE, silenceSize)
                .i64(OFF_BOUNDARY, boundary).i32(OFF_PROTO, proto).i32(OFF_TSTAMP_TYPE, tstampType);
        return s.bytes();
    }

    public SwParams withBoundary(long b) {
        return new SwParams(tstampMode, periodStep, sleepMin, availMin, xferAlign, startThreshold, stopThreshold,
                silenceThreshold, silenceSize, b, proto, tstampType);
    }
}
