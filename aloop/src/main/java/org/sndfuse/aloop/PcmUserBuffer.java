package org.sndfuse.aloop;

import java.util.Objects;

/**
 * The caller's side of a transfer: the user pointer of snd_pcm_lib_write/read (one per channel for the
 * non-interleaved calls) with its copy_from_user / copy_to_user. Offsets are bytes from the pointer. The data
 * path copies piece by piece as room or data appears, as the kernel does, so a transfer never needs a
 * daemon-side copy of the whole request; a copy that fails throws (EFAULT) and ends the transfer with what
 * moved so far.
 */
public interface PcmUserBuffer {
    /** copy_from_user: {@code len} bytes at {@code offset} into {@code dst[dstOff..]}. */
    void copyIn(long offset, byte[] dst, int dstOff, int len);

    /** copy_to_user: {@code src[srcOff..srcOff+len)} to {@code offset}. */
    void copyOut(long offset, byte[] src, int srcOff, int len);

    /** A buffer backed by an array (read()/write(), tests). */
    static PcmUserBuffer of(byte[] array) {
        Objects.requireNonNull(array);
        return new PcmUserBuffer() {
            @Override
            public void copyIn(long offset, byte[] dst, int dstOff, int len) {
                System.arraycopy(array, (int) offset, dst, dstOff, len);
            }

            @Override
            public void copyOut(long offset, byte[] src, int srcOff, int len) {
                System.arraycopy(src, srcOff, array, (int) offset, len);
            }
        };
    }
}
