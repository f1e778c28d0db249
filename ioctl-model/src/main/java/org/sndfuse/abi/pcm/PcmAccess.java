package org.sndfuse.abi.pcm;

/** snd_pcm_access_t values (docs/pcm-abi.md §2) and their /proc names. */
public final class PcmAccess {
    private PcmAccess() {}

    public static final int MMAP_INTERLEAVED = 0, MMAP_NONINTERLEAVED = 1, MMAP_COMPLEX = 2, RW_INTERLEAVED = 3,
            RW_NONINTERLEAVED = 4;

    private static final String[] NAMES = {"MMAP_INTERLEAVED", "MMAP_NONINTERLEAVED", "MMAP_COMPLEX",
        "RW_INTERLEAVED", "RW_NONINTERLEAVED"};

    public static String name(int access) {
        return access >= 0 && access < NAMES.length ? NAMES[access] : "UNKNOWN";
    }

    public static boolean isInterleaved(int access) {
        return access == MMAP_INTERLEAVED || access == RW_INTERLEAVED;
    }
}
