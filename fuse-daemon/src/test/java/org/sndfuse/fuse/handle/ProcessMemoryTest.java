package org.sndfuse.fuse.handle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

/** process_vm_readv/writev on this very process: the direct path must hit the right bytes of the buffer. */
class ProcessMemoryTest {
    private static final int SELF = (int) ProcessHandle.current().pid();
    private final ProcessMemory memory = ProcessMemory.INSTANCE;
    private final Pointer caller = Memory.allocateDirect(Runtime.getSystemRuntime(), 64);

    private static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed + 7 * i);
        }
        return b;
    }

    private void roundTrip(ByteBuffer ring) {
        caller.put(0, pattern(64, 3), 0, 64);
        memory.readInto(SELF, caller.address() + 8, ring, 100, 20);
        byte[] got = new byte[20];
        ring.get(100, got);
        byte[] want = new byte[20];
        System.arraycopy(pattern(64, 3), 8, want, 0, 20);
        assertArrayEquals(want, got, "the caller's bytes land at the buffer's offset");
        assertEquals(0, ring.get(99));
        assertEquals(0, ring.get(120));

        ring.put(200, pattern(16, 50));
        memory.writeFrom(SELF, caller.address() + 40, ring, 200, 16);
        byte[] back = new byte[16];
        caller.get(40, back, 0, 16);
        assertArrayEquals(pattern(16, 50), back, "the buffer's bytes land at the caller's address");
    }

    @Test
    void directHeapAndMappedBuffersMoveTheSameBytes(@TempDir Path dir) throws IOException {
        roundTrip(ByteBuffer.allocate(256));
        ByteBuffer direct = ByteBuffer.allocateDirect(256);
        direct.position(33); // absolute offsets, whatever the position
        roundTrip(direct);
        try (FileChannel f = FileChannel.open(dir.resolve("dma"), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            MappedByteBuffer mapped = f.map(FileChannel.MapMode.READ_WRITE, 0, 256);
            roundTrip(mapped);
        }
        Files.deleteIfExists(dir.resolve("dma"));
    }

    @Test
    void heapTransfersLargerThanTheBounceBufferMoveEveryByteInOrder() {
        int n = 300 * 1024 + 13; // over two 128 KiB chunks and a ragged end
        Pointer big = Memory.allocateDirect(Runtime.getSystemRuntime(), n);
        byte[] src = pattern(n, 11);
        big.put(0, src, 0, n);
        ByteBuffer ring = ByteBuffer.allocate(n + 10);
        memory.readInto(SELF, big.address(), ring, 5, n);
        byte[] got = new byte[n];
        ring.get(5, got);
        assertArrayEquals(src, got);
        assertArrayEquals(src, memory.read(SELF, big.address(), n));

        byte[] back = pattern(n, 99);
        ring.put(5, back);
        memory.writeFrom(SELF, big.address(), ring, 5, n);
        byte[] out = new byte[n];
        big.get(0, out, 0, n);
        assertArrayEquals(back, out);
        memory.write(SELF, big.address(), src);
        big.get(0, out, 0, n);
        assertArrayEquals(src, out);
    }

    @Test
    void aBadAddressIsEfaultAndABadRangeNeverReachesTheKernel() {
        ByteBuffer direct = ByteBuffer.allocateDirect(64);
        SndException e = assertThrows(SndException.class, () -> memory.readInto(SELF, 8, direct, 0, 16));
        assertEquals(Errno.EFAULT, e.errno());
        assertThrows(IndexOutOfBoundsException.class, () -> memory.readInto(SELF, caller.address(), direct, 60, 8));
        assertThrows(IndexOutOfBoundsException.class, () -> memory.writeFrom(SELF, caller.address(), direct, -1, 4));
    }
}
