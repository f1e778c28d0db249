package org.sndfuse.abi.pcm;

import org.sndfuse.abi.StructBytes;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

/**
 * struct snd_mask (32 bytes, 256 bits; value v is bit v%32 of word v/32). Like the kernel, every operation
 * looks at the first 64 values only (SNDRV_MASK_MAX); the upper words are carried through untouched.
 */
public final class PcmMask {
    public static final int SIZE = 32;
    /** Values the kernel's mask operations consider. */
    public static final int MAX = 64;

    private final int[] words = new int[8];

    public static PcmMask none() {
        return new PcmMask();
    }

    /** All of the first 64 values, as alsa-lib's "any" sets them. */
    public static PcmMask any() {
        PcmMask m = new PcmMask();
        m.words[0] = -1;
        m.words[1] = -1;
        return m;
    }

    public static PcmMask of(int... values) {
        PcmMask m = new PcmMask();
        for (int v : values) {
            m.set(v);
        }
        return m;
    }

    /** A mask from the 64-bit form drivers use for format sets (bit v = value v). */
    public static PcmMask ofBits(long bits) {
        PcmMask m = new PcmMask();
        m.words[0] = (int) bits;
        m.words[1] = (int) (bits >>> 32);
        return m;
    }

    public long bits64() {
        return (words[0] & 0xffffffffL) | ((long) words[1] << 32);
    }

    public PcmMask copy() {
        PcmMask m = new PcmMask();
        System.arraycopy(words, 0, m.words, 0, words.length);
        return m;
    }

    public boolean test(int v) {
        return v >= 0 && v < 256 && (words[v >>> 5] & (1 << (v & 31))) != 0;
    }

    public PcmMask set(int v) {
        words[v >>> 5] |= 1 << (v & 31);
        return this;
    }

    public PcmMask reset(int v) {
        words[v >>> 5] &= ~(1 << (v & 31));
        return this;
    }

    public boolean isEmpty() {
        return bits64() == 0;
    }

    public boolean isSingle() {
        return Long.bitCount(bits64()) == 1;
    }

    /** The smallest value, or -1 if empty. */
    public int min() {
        long b = bits64();
        return b == 0 ? -1 : Long.numberOfTrailingZeros(b);
    }

    /** The largest value, or -1 if empty. */
    public int max() {
        long b = bits64();
        return b == 0 ? -1 : 63 - Long.numberOfLeadingZeros(b);
    }

    private void setBits64(long b) {
        words[0] = (int) b;
        words[1] = (int) (b >>> 32);
    }

    /** Intersects with {@code v}; true if this mask changed, EINVAL if it becomes empty. */
    public boolean refine(PcmMask v) {
        long old = bits64();
        long now = old & v.bits64();
        setBits64(now);
        if (now == 0) {
            throw new SndException(Errno.EINVAL, "empty mask");
        }
        return now != old;
    }

    /** Keeps only the smallest value; true if that changed anything. */
    public boolean refineFirst() {
        if (isEmpty()) {
            throw new SndException(Errno.EINVAL, "empty mask");
        }
        if (isSingle()) {
            return false;
        }
        setBits64(1L << min());
        return true;
    }

    /** Keeps only the largest value; true if that changed anything. */
    public boolean refineLast() {
        if (isEmpty()) {
            throw new SndException(Errno.EINVAL, "empty mask");
        }
        if (isSingle()) {
            return false;
        }
        setBits64(1L << max());
        return true;
    }

    public static PcmMask decode(StructBytes s, int base) {
        PcmMask m = new PcmMask();
        for (int i = 0; i < m.words.length; i++) {
            m.words[i] = s.i32(base + 4 * i);
        }
        return m;
    }

    public void encode(StructBytes s, int base) {
        for (int i = 0; i < words.length; i++) {
            s.i32(base + 4 * i, words[i]);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PcmMask m && java.util.Arrays.equals(words, m.words);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int v = 0; v < MAX; v++) {
            if (test(v)) {
                sb.append(sb.length() > 1 ? "," : "").append(v);
            }
        }
        return sb.append('}').toString();
    }
}
