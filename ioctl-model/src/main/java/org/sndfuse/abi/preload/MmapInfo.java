package org.sndfuse.abi.preload;

import org.sndfuse.abi.StructBytes;

/**
 * struct sndfuse_mmap_info (144 bytes, PCM_MMAP_INFO): in, the mapping the caller asks for (offset, length,
 * PROT_* bits); out, the size of the shared buffer file and its path (docs/mmap.md).
 */
public record MmapInfo(long offset, long length, int prot, long size, String path) {
    public static final int SIZE = 144;
    public static final int OFF_OFFSET = 0, OFF_LENGTH = 8, OFF_PROT = 16, OFF_SIZE = 24, OFF_PATH = 32;
    public static final int PATH_LEN = 108;
    public static final int PROT_READ = 1, PROT_WRITE = 2;

    public static MmapInfo decode(byte[] b) {
        StructBytes s = StructBytes.of(b, SIZE);
        return new MmapInfo(s.i64(OFF_OFFSET), s.i64(OFF_LENGTH), s.i32(OFF_PROT), s.i64(OFF_SIZE),
                s.cstr(OFF_PATH, PATH_LEN));
    }

    /** The reply: the request's fields with {@code size} and {@code path} filled in. */
    public MmapInfo answer(long size, String path) {
        return new MmapInfo(offset, length, prot, size, path);
    }

    public byte[] encode() {
        return StructBytes.allocate(SIZE).i64(OFF_OFFSET, offset).i64(OFF_LENGTH, length).i32(OFF_PROT, prot)
                .i64(OFF_SIZE, size).cstr(OFF_PATH, PATH_LEN, path).bytes();
    }
}
