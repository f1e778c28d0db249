package org.sndfuse.abi.pcm;

/** Stream directions (SNDRV_PCM_STREAM_*). */
public final class PcmStream {
    private PcmStream() {}

    public static final int PLAYBACK = 0, CAPTURE = 1;

    /** "PLAYBACK"/"CAPTURE", as the info files print the stream. */
    public static String upperName(int stream) {
        return stream == PLAYBACK ? "PLAYBACK" : "CAPTURE";
    }

    /** "Playback"/"Capture", as snd_pcm_direction_name() (kernel-facts A5, T7). */
    public static String directionName(int stream) {
        return stream == PLAYBACK ? "Playback" : "Capture";
    }
}
