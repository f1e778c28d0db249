package org.sndfuse.abi.pcm;

import java.nio.ByteBuffer;

/**
 * The sample formats (snd_pcm_format_t): number, name, significant and physical bit widths and the byte
 * pattern of one silent sample. Values 29 and 30 are unused; LAST is DSD_U32_BE (52).
 */
public final class PcmFormat {
    public static final int S8 = 0, U8 = 1, S16_LE = 2, S16_BE = 3, U16_LE = 4, U16_BE = 5, S24_LE = 6,
            S24_BE = 7, U24_LE = 8, U24_BE = 9, S32_LE = 10, S32_BE = 11, U32_LE = 12, U32_BE = 13,
            FLOAT_LE = 14, FLOAT_BE = 15, FLOAT64_LE = 16, FLOAT64_BE = 17, IEC958_SUBFRAME_LE = 18,
            IEC958_SUBFRAME_BE = 19, MU_LAW = 20, A_LAW = 21, IMA_ADPCM = 22, MPEG = 23, GSM = 24,
            S20_LE = 25, S20_BE = 26, U20_LE = 27, U20_BE = 28, SPECIAL = 31, S24_3LE = 32, S24_3BE = 33,
            U24_3LE = 34, U24_3BE = 35, S20_3LE = 36, S20_3BE = 37, U20_3LE = 38, U20_3BE = 39,
            S18_3LE = 40, S18_3BE = 41, U18_3LE = 42, U18_3BE = 43, G723_24 = 44, G723_24_1B = 45,
            G723_40 = 46, G723_40_1B = 47, DSD_U8 = 48, DSD_U16_LE = 49, DSD_U32_LE = 50, DSD_U16_BE = 51,
            DSD_U32_BE = 52;
    public static final int LAST = DSD_U32_BE;

    private static final PcmFormat[] TABLE = new PcmFormat[LAST + 1];

    static {
        signed(S8, "S8", 8, 8, false);
        unsigned(U8, "U8", 8, 8, false);
        signed(S16_LE, "S16_LE", 16, 16, false);
        signed(S16_BE, "S16_BE", 16, 16, true);
        unsigned(U16_LE, "U16_LE", 16, 16, false);
        unsigned(U16_BE, "U16_BE", 16, 16, true);
        signed(S24_LE, "S24_LE", 24, 32, false);
        signed(S24_BE, "S24_BE", 24, 32, true);
        unsigned(U24_LE, "U24_LE", 24, 32, false);
        unsigned(U24_BE, "U24_BE", 24, 32, true);
        signed(S32_LE, "S32_LE", 32, 32, false);
        signed(S32_BE, "S32_BE", 32, 32, true);
        unsigned(U32_LE, "U32_LE", 32, 32, false);
        unsigned(U32_BE, "U32_BE", 32, 32, true);
        signed(FLOAT_LE, "FLOAT_LE", 32, 32, false);
        signed(FLOAT_BE, "FLOAT_BE", 32, 32, true);
        signed(FLOAT64_LE, "FLOAT64_LE", 64, 64, false);
        signed(FLOAT64_BE, "FLOAT64_BE", 64, 64, true);
        signed(IEC958_SUBFRAME_LE, "IEC958_SUBFRAME_LE", 32, 32, false);
        signed(IEC958_SUBFRAME_BE, "IEC958_SUBFRAME_BE", 32, 32, true);
        pattern(MU_LAW, "MU_LAW", 8, 8, (byte) 0x7f);
        pattern(A_LAW, "A_LAW", 8, 8, (byte) 0x55);
        pattern(IMA_ADPCM, "IMA_ADPCM", 4, 4, (byte) 0);
        pattern(MPEG, "MPEG", 0, 0, (byte) 0);
        pattern(GSM, "GSM", 0, 0, (byte) 0);
        signed(S20_LE, "S20_LE", 20, 32, false);
        signed(S20_BE, "S20_BE", 20, 32, true);
        unsigned(U20_LE, "U20_LE", 20, 32, false);
        unsigned(U20_BE, "U20_BE", 20, 32, true);
        pattern(SPECIAL, "SPECIAL", 0, 0, (byte) 0);
        signed(S24_3LE, "S24_3LE", 24, 24, false);
        signed(S24_3BE, "S24_3BE", 24, 24, true);
        unsigned(U24_3LE, "U24_3LE", 24, 24, false);
        unsigned(U24_3BE, "U24_3BE", 24, 24, true);
        signed(S20_3LE, "S20_3LE", 20, 24, false);
        signed(S20_3BE, "S20_3BE", 20, 24, true);
        unsigned(U20_3LE, "U20_3LE", 20, 24, false);
        unsigned(U20_3BE, "U20_3BE", 20, 24, true);
        signed(S18_3LE, "S18_3LE", 18, 24, false);
        signed(S18_3BE, "S18_3BE", 18, 24, true);
        unsigned(U18_3LE, "U18_3LE", 18, 24, false);
        unsigned(U18_3BE, "U18_3BE", 18, 24, true);
        pattern(G723_24, "G723_24", 3, 3, (byte) 0);
        pattern(G723_24_1B, "G723_24_1B", 3, 8, (byte) 0);
        pattern(G723_40, "G723_40", 5, 5, (byte) 0);
        pattern(G723_40_1B, "G723_40_1B", 5, 8, (byte) 0);
        // DSD streams are silent with the alternating 0x69 pattern.
        pattern(DSD_U8, "DSD_U8", 8, 8, (byte) 0x69);
        pattern(DSD_U16_LE, "DSD_U16_LE", 16, 16, (byte) 0x69);
        pattern(DSD_U32_LE, "DSD_U32_LE", 32, 32, (byte) 0x69);
        pattern(DSD_U16_BE, "DSD_U16_BE", 16, 16, (byte) 0x69);
        pattern(DSD_U32_BE, "DSD_U32_BE", 32, 32, (byte) 0x69);
    }

    private final int value;
    private final String name;
    private final int width;
    private final int physicalWidth;
    private final byte[] silence;
    private volatile ByteBuffer silenceChunk;

    private PcmFormat(int value, String name, int width, int physicalWidth, byte[] silence) {
        this.value = value;
        this.name = name;
        this.width = width;
        this.physicalWidth = physicalWidth;
        this.silence = silence;
    }

    private static void signed(int v, String name, int width, int phys, boolean bigEndian) {
        TABLE[v] = new PcmFormat(v, name, width, phys, new byte[Math.max(1, phys / 8)]);
    }

    /** Unsigned linear formats are silent at their mid value: only the top significant bit set. */
    private static void unsigned(int v, String name, int width, int phys, boolean bigEndian) {
        int bytes = phys / 8;
        byte[] s = new byte[bytes];
        int bit = width - 1; // bit index of the mid value within the little-endian container
        int le = bit / 8;
        s[bigEndian ? bytes - 1 - le : le] = (byte) (1 << (bit % 8));
        TABLE[v] = new PcmFormat(v, name, width, phys, s);
    }

    private static void pattern(int v, String name, int width, int phys, byte b) {
        byte[] s = new byte[Math.max(1, phys / 8)];
        java.util.Arrays.fill(s, b);
        TABLE[v] = new PcmFormat(v, name, width, phys, s);
    }

    /** The format with this number, or null for unused numbers. */
    public static PcmFormat of(int value) {
        return value >= 0 && value <= LAST ? TABLE[value] : null;
    }

    /** snd_pcm_format_name(): the name, or "Unknown". */
    public static String name(int value) {
        PcmFormat f = of(value);
        return f == null ? "Unknown" : f.name;
    }

    /** snd_pcm_format_physical_width(), or -1 for unknown numbers (0 for formats without a fixed width). */
    public static int physicalWidth(int value) {
        PcmFormat f = of(value);
        return f == null ? -1 : f.physicalWidth;
    }

    public int value() {
        return value;
    }

    public String name() {
        return name;
    }

    /** Significant bits per sample. */
    public int width() {
        return width;
    }

    /** Bits one sample occupies in memory. */
    public int physicalWidth() {
        return physicalWidth;
    }

    /** One silent sample's bytes (a copy). */
    public byte[] silenceSample() {
        return silence.clone();
    }

    /**
     * About 4 KiB of silence, a whole number of samples, shared and read-only: ring silencing copies from it on the
     * clock's thread every period, which must not allocate (docs/architecture.md "Allocation on the hot paths").
     */
    public ByteBuffer silenceChunk() {
        ByteBuffer c = silenceChunk;
        if (c == null) {
            byte[] chunk = new byte[4096 - 4096 % silence.length];
            fillSilence(chunk, 0, chunk.length);
            c = ByteBuffer.wrap(chunk).asReadOnlyBuffer();
            silenceChunk = c; // a benign race: every thread computes the same bytes
        }
        return c;
    }

    /**
     * Fills {@code len} bytes of {@code buf} from {@code off} with silence, assuming {@code off} is at a sample
     * boundary (snd_pcm_format_set_silence()).
     */
    public void fillSilence(byte[] buf, int off, int len) {
        int n = silence.length;
        if (n == 1 || allSame()) {
            java.util.Arrays.fill(buf, off, off + len, silence[0]);
            return;
        }
        for (int i = 0; i < len; i++) {
            buf[off + i] = silence[i % n];
        }
    }

    private boolean allSame() {
        for (byte b : silence) {
            if (b != silence[0]) {
                return false;
            }
        }
        return true;
    }
}
