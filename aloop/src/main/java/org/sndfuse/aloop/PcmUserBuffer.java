package org.sndfuse.aloop;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The caller's side of a transfer: the user pointer of snd_pcm_lib_write/read (one per channel for the
 * non-interleaved calls) with its copy_from_user / copy_to_user. Offsets are bytes from the pointer. The data
 * path copies piece by piece as room or data appears, as the kernel does, so a transfer never needs a
 * daemon-side copy of the whole request; a copy that fails throws (EFAULT) and ends the transfer with what
 * moved so far.
 */
public interface PcmUserBuffer {
    /** copy_from_user: {@code len} bytes at {@code offset} into the ring {@code dst} at {@code dstOff}. */
    void copyIn(long offset, ByteBuffer dst, int dstOff, int len);

    /** copy_to_user: {@code len} bytes of the ring {@code src} from {@code srcOff} to {@code offset}. */
    void copyOut(long offset, ByteBuffer src, int srcOff, int len);

    /** A buffer backed by an array (read()/write(), tests). */
    static PcmUserBuffer of(byte[] array) {
        Objects.requireNonNull(array);
        return new PcmUserBuffer() {
            @Override
            public void copyIn(long offset, ByteBuffer dst, int dstOff, int len) {
                dst.put(dstOff, array, (int) offset, len);
            }

            @Override
            public void copyOut(long offset, ByteBuffer src, int srcOff, int len) {
                src.get(srcOff, array, (int) offset, len);
            }
        };
    }
}
