package org.sndfuse.abi.preload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.sndfuse.abi.StructBytes;

/** struct sndfuse_mmap at the offsets gcc gives preload/src/sndfuse-private.h, and the request number. */
class MmapRequestTest {
    @Test
    void requestNumberMatchesTheHeader() {
        assertEquals(0xc03053f5, PreloadIoctl.PCM_MMAP);
    }

    @Test
    void fieldsAtTheirOffsets() {
        StructBytes s = StructBytes.allocate(MmapRequest.SIZE).i64(0, 0x80000000L).i64(8, 4096).i32(16, 1)
                .i32(20, 7).i64(24, 99);
        MmapRequest in = MmapRequest.decode(s.bytes());
        assertEquals(0x80000000L, in.offset());
        assertEquals(4096, in.length());
        assertEquals(1, in.prot());
        assertEquals(7, in.socket());
        byte[] out = in.answer(4096, 0, MmapRequest.FLAG_READ_ONLY).encode();
        StructBytes o = StructBytes.of(out, MmapRequest.SIZE);
        assertEquals(48, out.length);
        assertEquals(0x80000000L, o.i64(0));
        assertEquals(7, o.i32(20));
        assertEquals(4096, o.i64(24));
        assertEquals(0, o.i64(32));
        assertEquals(1, o.i32(40));
    }
}
