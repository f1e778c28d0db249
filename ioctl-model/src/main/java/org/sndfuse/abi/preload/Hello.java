package org.sndfuse.abi.preload;

import org.sndfuse.abi.StructBytes;

/**
 * struct sndfuse_hello (32 bytes): the library's version in, the node kind and the open file description's
 * token out; 16 reserved bytes.
 */
public record Hello(int version, int kind, long token) {
    public static final int SIZE = 32;
    public static final int OFF_VERSION = 0, OFF_KIND = 4, OFF_TOKEN = 8;

    public static Hello decode(byte[] b) {
        StructBytes s = StructBytes.of(b, SIZE);
        return new Hello(s.i32(OFF_VERSION), s.i32(OFF_KIND), s.i64(OFF_TOKEN));
    }

    /** Encodes over the caller's bytes, so the reserved bytes come back as they went in. */
    public byte[] encodeOver(byte[] original) {
        return StructBytes.of(original, SIZE).i32(OFF_VERSION, version).i32(OFF_KIND, kind).i64(OFF_TOKEN, token)
                .bytes();
    }
}
