package org.sndfuse.fuse.pcm;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.sndfuse.abi.pcm.PcmStream;
import org.sndfuse.aloop.LoopbackCard;
import org.sndfuse.aloop.PcmDmaAllocator;
import org.sndfuse.aloop.PcmDmaBuffer;
import org.sndfuse.aloop.PcmMmap;
import org.sndfuse.aloop.PcmSubstream;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

/**
 * The "DMA buffer" of descriptors that can map it (docs/mmap.md): a file in /dev/shm named
 * {@code sndfuse-PID-C0D0p-s0-gN} (daemon pid, card, device, stream, substream, generation), with the device
 * nodes' mode and group, mapped by the daemon and by every client that maps the substream. Removed when the
 * buffer is freed (HW_FREE, a new HW_PARAMS, close) and at daemon exit; files of a daemon that died are
 * removed by the next one at start.
 */
public final class ShmDmaAllocator implements PcmDmaAllocator, AutoCloseable {
    private static final String PREFIX = "sndfuse-";

    private final Path dir;
    private final int mode;
    private final int gid;
    private final String ownPrefix = PREFIX + ProcessHandle.current().pid() + "-";
    private final AtomicLong generation = new AtomicLong();
    private final Set<ShmDmaBuffer> live = ConcurrentHashMap.newKeySet();

    /** {@code gid} -1 keeps the daemon's group. */
    public ShmDmaAllocator(Path dir, int mode, int gid) {
        this.dir = dir;
        this.mode = mode;
        this.gid = gid;
    }

    @Override
    public PcmDmaBuffer allocate(PcmSubstream s, int bytes) {
        long size = PcmMmap.pageAlign(Math.max(bytes, 1));
        Path path = dir.resolve(ownPrefix + "C" + LoopbackCard.CARD_INDEX + "D" + s.device()
                + (s.stream() == PcmStream.PLAYBACK ? "p" : "c") + "-s" + s.subdevice() + "-g"
                + generation.incrementAndGet());
        try {
            Files.createFile(path); // O_EXCL, mode 0600 until the node's mode is set
            try {
                if (gid >= 0) {
                    Files.setAttribute(path, "unix:gid", gid);
                }
                Files.setPosixFilePermissions(path, permissions(mode));
                MappedByteBuffer area;
                try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw")) {
                    f.setLength(size);
                    area = f.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, bytes);
                }
                ShmDmaBuffer b = new ShmDmaBuffer(this, path, size, area);
                live.add(b);
                return b;
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(path);
                throw e;
            }
        } catch (IOException e) {
            throw new SndException(Errno.ENOMEM, "cannot allocate the shared buffer " + path + ": " + e);
        }
    }

    /** Removes the file and unmaps the daemon's mapping (callers have dropped every reference under the cable lock). */
    void free(ShmDmaBuffer b) {
        if (!live.remove(b)) {
            return;
        }
        try {
            Files.deleteIfExists(b.path());
        } catch (IOException e) {
            // the next daemon's start removes it
        }
        unmap(b.area());
    }

    /** Removes the files of sndfuse daemons that are no longer running (killed without cleaning up). */
    public void removeStale() {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, PREFIX + "*")) {
            for (Path p : ds) {
                String rest = p.getFileName().toString().substring(PREFIX.length());
                int dash = rest.indexOf('-');
                if (dash <= 0) {
                    continue;
                }
                long pid;
                try {
                    pid = Long.parseLong(rest.substring(0, dash));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).isEmpty()) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            // no /dev/shm, or not ours to clean: allocation reports its own error
        }
    }

    /** Daemon exit: every buffer's file goes (the mappings go with the process). */
    @Override
    public void close() {
        for (ShmDmaBuffer b : live) {
            try {
                Files.deleteIfExists(b.path());
            } catch (IOException e) {
                // the next daemon's start removes it
            }
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int i = 0; i < order.length; i++) {
            if ((mode & (1 << i)) != 0) {
                set.add(order[i]);
            }
        }
        return set;
    }

    /**
     * Unmaps at once rather than at some garbage collection, so a client that loops HW_PARAMS/HW_FREE cannot
     * pile up mappings of deleted files (sun.misc.Unsafe.invokeCleaner, the JDK's documented way for a direct
     * buffer). Without it the mapping goes when the buffer is collected.
     */
    private static void unmap(ByteBuffer area) {
        if (INVOKE_CLEANER == null) {
            return;
        }
        try {
            INVOKE_CLEANER.invoke(UNSAFE, area);
        } catch (ReflectiveOperationException e) {
            // left to the garbage collector
        }
    }

    private static final Object UNSAFE;
    private static final Method INVOKE_CLEANER;

    static {
        Object unsafe = null;
        Method m = null;
        try {
            Class<?> c = Class.forName("sun.misc.Unsafe");
            Field f = c.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            unsafe = f.get(null);
            m = c.getMethod("invokeCleaner", ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            m = null;
        }
        UNSAFE = unsafe;
        INVOKE_CLEANER = m;
    }
}
