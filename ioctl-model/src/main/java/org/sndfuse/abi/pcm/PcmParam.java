package org.sndfuse.abi.pcm;

/**
 * Hardware parameter numbers (SNDRV_PCM_HW_PARAM_*, docs/pcm-abi.md §2): masks 0..2, intervals 8..19.
 * The rmask/cmask bit of a parameter is {@code 1 << param}.
 */
public final class PcmParam {
    private PcmParam() {}

    public static final int ACCESS = 0, FORMAT = 1, SUBFORMAT = 2;
    public static final int FIRST_MASK = ACCESS, LAST_MASK = SUBFORMAT;
    public static final int SAMPLE_BITS = 8, FRAME_BITS = 9, CHANNELS = 10, RATE = 11, PERIOD_TIME = 12,
            PERIOD_SIZE = 13, PERIOD_BYTES = 14, PERIODS = 15, BUFFER_TIME = 16, BUFFER_SIZE = 17,
            BUFFER_BYTES = 18, TICK_TIME = 19;
    public static final int FIRST_INTERVAL = SAMPLE_BITS, LAST_INTERVAL = TICK_TIME;

    public static boolean isMask(int p) {
        return p >= FIRST_MASK && p <= LAST_MASK;
    }

    public static boolean isInterval(int p) {
        return p >= FIRST_INTERVAL && p <= LAST_INTERVAL;
    }

    private static final String[] NAMES = {"ACCESS", "FORMAT", "SUBFORMAT", null, null, null, null, null,
        "SAMPLE_BITS", "FRAME_BITS", "CHANNELS", "RATE", "PERIOD_TIME", "PERIOD_SIZE", "PERIOD_BYTES", "PERIODS",
        "BUFFER_TIME", "BUFFER_SIZE", "BUFFER_BYTES", "TICK_TIME"};

    public static String name(int p) {
        return p >= 0 && p < NAMES.length && NAMES[p] != null ? NAMES[p] : "PARAM" + p;
    }
}
