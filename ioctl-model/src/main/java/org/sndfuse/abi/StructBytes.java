package org.sndfuse.abi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A little-endian view of one C struct's bytes, addressed by absolute offset.
 * Every ABI record decodes from and encodes into one of these; offsets are the measured x86_64 ones.
 */
public final class StructBytes {
    private final ByteBuffer buf;

    private StructBytes(ByteBuffer buf) {
        this.buf = buf.order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A zero-filled struct of {@code size} bytes. */
    public static StructBytes allocate(int size) {
        return new StructBytes(ByteBuffer.allocate(size));
    }

    /** Wraps caller bytes; shorter input than the struct reads as zeros past its end. */
    public static StructBytes of(byte[] bytes, int size) {
        byte[] copy = new byte[size];
        System.arraycopy(bytes, 0, copy, 0, Math.min(size, bytes.length));
        return new StructBytes(ByteBuffer.wrap(copy));
    }

    public int size() {
        return buf.capacity();
    }

    public byte[] bytes() {
        return buf.array();
    }

    public int i32(int off) {
        return buf.getInt(off);
    }

    /** An unsigned 32-bit field widened to long. */
    public long u32(int off) {
        return Integer.toUnsignedLong(buf.getInt(off));
    }

    public long i64(int off) {
        return buf.getLong(off);
    }

    public StructBytes i32(int off, int v) {
        buf.putInt(off, v);
        return this;
    }

    public StructBytes u32(int off, long v) {
        buf.putInt(off, (int) v);
        return this;
    }

    public StructBytes i64(int off, long v) {
        buf.putLong(off, v);
        return this;
    }

    /** A NUL-terminated string stored in a fixed {@code len}-byte char array. */
    public String cstr(int off, int len) {
        int n = 0;
        while (n < len && buf.get(off + n) != 0) {
            n++;
        }
        byte[] b = new byte[n];
        buf.get(off, b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Stores {@code s} truncated to {@code len - 1} bytes and NUL-padded, as the kernel's strscpy does. */
    public StructBytes cstr(int off, int len, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(b.length, len - 1);
        for (int i = 0; i < len; i++) {
            buf.put(off + i, i < n ? b[i] : 0);
        }
        return this;
    }

    public byte[] slice(int off, int len) {
        byte[] b = new byte[len];
        buf.get(off, b);
        return b;
    }

    public StructBytes put(int off, byte[] b) {
        buf.put(off, b);
        return this;
    }
}
