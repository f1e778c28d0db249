package org.sndfuse.fuse.pcm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.sndfuse.abi.pcm.PcmStream;
import org.sndfuse.aloop.LoopbackCard;
import org.sndfuse.aloop.PcmSubstream;
import org.sndfuse.clock.VirtualClock;
import org.sndfuse.timer.TimerCore;

/** The sealed memfds (docs/mmap.md "The memory"): size, seals, shared contents, the read-only status page, free. */
class MemfdDmaAllocatorTest {
    private final VirtualClock clock = new VirtualClock();
    private final LoopbackCard card = new LoopbackCard(new TimerCore(clock, 250), clock, 2, "", line -> { });

    private static Path fdPath(MemfdBuffer b) {
        return Path.of("/proc/self/fd/" + b.fd());
    }

    @Test
    void aRingIsAPageAlignedMemfdSealedAgainstResizingSharingTheDaemonsBytes() throws IOException {
        MemfdDmaAllocator a = new MemfdDmaAllocator();
        PcmSubstream s = card.open(1, PcmStream.CAPTURE, 1, 1, "t");
        MemfdBuffer b = (MemfdBuffer) a.allocate(s, 15360);
        assertEquals(16384, b.size());
        assertEquals(16384, Files.size(fdPath(b)));
        assertTrue(Files.readSymbolicLink(fdPath(b)).toString().startsWith("/memfd:sndfuse-pcmC0D1c-sub1-ring"));
        int ours = Memfd.F_SEAL_SHRINK | Memfd.F_SEAL_GROW | Memfd.F_SEAL_SEAL | Memfd.F_SEAL_FUTURE_WRITE;
        assertEquals(Memfd.F_SEAL_SHRINK | Memfd.F_SEAL_GROW | Memfd.F_SEAL_SEAL, Memfd.seals(b.fd()) & ours);
        assertFalse(b.clientReadOnly());
        b.area().put(100, new byte[] {1, 2, 3});
        try (RandomAccessFile f = new RandomAccessFile(fdPath(b).toFile(), "rw")) {
            byte[] got = new byte[3];
            f.seek(100);
            f.readFully(got);
            assertArrayEquals(new byte[] {1, 2, 3}, got);
            assertThrows(IOException.class, () -> f.setLength(4096), "shrink refused");
            assertThrows(IOException.class, () -> f.setLength(1 << 20), "grow refused");
        }
        int fd = b.fd();
        b.free();
        assertFalse(Files.exists(Path.of("/proc/self/fd/" + fd)) && Files.isSymbolicLink(Path.of("/proc/self/fd/" + fd))
                && Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString().contains("sndfuse-pcm"),
                "the descriptor is closed");
        b.free(); // once only; a second call is harmless
        a.close();
    }

    @Test
    void theStatusPageTakesNoWritableMappingButTheDaemonStillWritesIt() throws IOException {
        MemfdDmaAllocator a = new MemfdDmaAllocator();
        PcmSubstream s = card.open(0, PcmStream.PLAYBACK, 0, 1, "t");
        MemfdBuffer status = (MemfdBuffer) a.allocatePage(s, false);
        MemfdBuffer control = (MemfdBuffer) a.allocatePage(s, true);
        assertTrue(status.clientReadOnly());
        assertFalse(control.clientReadOnly());
        assertEquals(4096, status.size());
        int ours = Memfd.F_SEAL_SHRINK | Memfd.F_SEAL_GROW | Memfd.F_SEAL_SEAL | Memfd.F_SEAL_FUTURE_WRITE;
        assertEquals(ours, Memfd.seals(status.fd()) & ours, "F_SEAL_EXEC may come on top, with MFD_NOEXEC_SEAL");
        try (RandomAccessFile f = new RandomAccessFile(fdPath(status).toFile(), "rw")) {
            assertThrows(IOException.class, () -> f.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, 4096),
                    "no new writable shared mapping");
            MappedByteBuffer ro = f.getChannel().map(FileChannel.MapMode.READ_ONLY, 0, 4096);
            status.area().putLong(8, 0x1234L);
            assertEquals(0x1234L, ro.getLong(8), "the daemon's mapping still writes");
        }
        try (RandomAccessFile f = new RandomAccessFile(fdPath(control).toFile(), "rw")) {
            f.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, 4096).putLong(0, 7);
            assertEquals(7, control.area().getLong(0));
        }
        status.free();
        control.free();
    }
}
