package org.sndfuse.abi.preload;

import org.sndfuse.abi.StructBytes;

/**
 * struct sndfuse_mmap (48 bytes, PCM_MMAP, docs/mmap.md): in, the mapping the caller asks for (the mmap offset:
 * data, status or control; its length and PROT_* bits) and one end of a unix socket pair of the caller's; out, the
 * memory's size, the offset to map the received descriptor at, and whether it may only be read.
 */
public record MmapRequest(long offset, long length, int prot, int socket, long size, long fileOffset, int flags) {
    public static final int SIZE = 48;
    public static final int OFF_OFFSET = 0, OFF_LENGTH = 8, OFF_PROT = 16, OFF_SOCKET = 20, OFF_SIZE = 24,
            OFF_FILE_OFFSET = 32, OFF_FLAGS = 40;
    public static final int PROT_READ = 1, PROT_WRITE = 2;
    /** flags: the memory is the status page, which a client maps read-only (the kernel clears VM_WRITE). */
    public static final int FLAG_READ_ONLY = 1;

    public static MmapRequest decode(byte[] b) {
        StructBytes s = StructBytes.of(b, SIZE);
        return new MmapRequest(s.i64(OFF_OFFSET), s.i64(OFF_LENGTH), s.i32(OFF_PROT), s.i32(OFF_SOCKET),
                s.i64(OFF_SIZE), s.i64(OFF_FILE_OFFSET), s.i32(OFF_FLAGS));
    }

    /** The reply: the request's fields with the memory's size, the offset to map it at and the flags. */
    public MmapRequest answer(long size, long fileOffset, int flags) {
        return new MmapRequest(offset, length, prot, socket, size, fileOffset, flags);
    }

    public byte[] encode() {
        return StructBytes.allocate(SIZE).i64(OFF_OFFSET, offset).i64(OFF_LENGTH, length).i32(OFF_PROT, prot)
                .i32(OFF_SOCKET, socket).i64(OFF_SIZE, size).i64(OFF_FILE_OFFSET, fileOffset)
                .i32(OFF_FLAGS, flags).bytes();
    }
}
