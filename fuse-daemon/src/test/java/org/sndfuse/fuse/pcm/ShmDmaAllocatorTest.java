package org.sndfuse.fuse.pcm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sndfuse.abi.pcm.PcmStream;
import org.sndfuse.aloop.LoopbackCard;
import org.sndfuse.aloop.PcmDmaBuffer;
import org.sndfuse.aloop.PcmSubstream;
import org.sndfuse.clock.VirtualClock;
import org.sndfuse.timer.TimerCore;

/** The shared buffer files (docs/mmap.md): name, size, mode, shared contents, removal, stale files. */
class ShmDmaAllocatorTest {
    private final VirtualClock clock = new VirtualClock();
    private final LoopbackCard card = new LoopbackCard(new TimerCore(clock, 250), clock, 2, "", line -> { });

    @TempDir
    Path dir;

    @Test
    void aBufferIsAPageAlignedFileWithTheNodeModeSharingTheDaemonsBytes() throws IOException {
        ShmDmaAllocator a = new ShmDmaAllocator(dir, 0640, -1);
        PcmSubstream s = card.open(1, PcmStream.CAPTURE, 1, 1, "t");
        ShmDmaBuffer b = (ShmDmaBuffer) a.allocate(s, 15360);
        String name = b.path().getFileName().toString();
        assertEquals("sndfuse-" + ProcessHandle.current().pid() + "-C0D1c-s1-g1", name);
        assertEquals(16384, b.size());
        assertEquals(16384, Files.size(b.path()));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(b.path())));
        b.area().put(100, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, Arrays.copyOfRange(Files.readAllBytes(b.path()), 100, 103));
        PcmDmaBuffer next = a.allocate(s, 100);
        assertTrue(((ShmDmaBuffer) next).path().toString().endsWith("-g2"));
        b.free();
        assertFalse(Files.exists(b.path()));
        b.free(); // once only; a second call is harmless
        a.close();
        assertFalse(Files.exists(((ShmDmaBuffer) next).path()));
    }

    @Test
    void staleFilesOfDeadDaemonsAreRemovedAndLiveOnesKept() throws IOException {
        Path dead = Files.createFile(dir.resolve("sndfuse-2147483646-C0D0p-s0-g1"));
        Path alive = Files.createFile(dir.resolve("sndfuse-1-C0D0p-s0-g1"));
        Path other = Files.createFile(dir.resolve("pulse-shm-1234"));
        new ShmDmaAllocator(dir, 0660, -1).removeStale();
        assertFalse(Files.exists(dead));
        assertTrue(Files.exists(alive));
        assertTrue(Files.exists(other));
    }
}
