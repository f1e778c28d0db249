package org.sndfuse.aloop;

/**
 * One consistent view of a substream's runtime, read under one lock (what the kernel's status page and
 * hw_params proc file show together): the state, both pointers and the chosen hardware parameters.
 * {@code frameBytes} is 0 before HW_PARAMS; {@code periodTimeNanos} is the period time as
 * snd_pcm_timer_resolution_change() computes it (what a timer clocking the stream must tick at).
 */
public record PcmSnapshot(int state, long hwPtr, long applPtr, int access, int format, int channels, int rate,
                          long periodSize, long bufferSize, int frameBytes, long periodTimeNanos,
                          int userPversion) {
}
