package org.sndfuse.abi.preload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.sndfuse.abi.StructBytes;

/** struct sndfuse_mmap_info at the offsets gcc gives preload/src/sndfuse-private.h, and the request numbers. */
class MmapInfoTest {
    @Test
    void requestNumberMatchesTheHeader() {
        assertEquals(0xc09053f3, PreloadIoctl.PCM_MMAP_INFO);
    }

    @Test
    void fieldsAtTheirOffsets() {
        StructBytes s = StructBytes.allocate(MmapInfo.SIZE).i64(0, 4096).i64(8, 8192).i32(16, 3)
                .cstr(32, 108, "ignored on input");
        MmapInfo in = MmapInfo.decode(s.bytes());
        assertEquals(4096, in.offset());
        assertEquals(8192, in.length());
        assertEquals(3, in.prot());
        byte[] out = in.answer(12288, "/dev/shm/sndfuse-1-C0D0p-s0-g1").encode();
        StructBytes o = StructBytes.of(out, MmapInfo.SIZE);
        assertEquals(144, out.length);
        assertEquals(12288, o.i64(24));
        assertEquals("/dev/shm/sndfuse-1-C0D0p-s0-g1", o.cstr(32, 108));
        assertEquals(0, out[32 + 30]);
        assertEquals(4096, o.i64(0));
    }
}
