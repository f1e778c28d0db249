package org.sndfuse.abi.pcm;

import org.sndfuse.abi.StructBytes;

/**
 * struct snd_xferi (24 bytes): WRITEI/READI_FRAMES' argument; the kernel writes {@code result} back. struct
 * snd_xfern (WRITEN/READN_FRAMES) has the same x86_64 layout, with {@code buf} holding {@code void **bufs}: the
 * address of one buffer pointer per channel.
 */
public record Xferi(long result, long buf, long frames) {
    public static final int SIZE = 24;
    public static final int OFF_RESULT = 0, OFF_BUF = 8, OFF_FRAMES = 16;

    public static Xferi decode(byte[] b) {
        StructBytes s = StructBytes.of(b, SIZE);
        return new Xferi(s.i64(OFF_RESULT), s.i64(OFF_BUF), s.i64(OFF_FRAMES));
    }

    public byte[] encode() {
        StructBytes s = StructBytes.allocate(SIZE);
        s.i64(OFF_RESULT, result).i64(OFF_BUF, buf).i64(OFF_FRAMES, frames);
        return s.bytes();
    }

    public Xferi withResult(long r) {
        return new Xferi(r, buf, frames);
    }
}
