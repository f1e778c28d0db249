package org.sndfuse.fuse.pcm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import org.sndfuse.aloop.PcmDmaBuffer;

/**
 * Memory a client may map (docs/mmap.md): a ring, a status page or a control page in a sealed memfd, which the
 * daemon maps once and hands to each client that maps it ({@link #fd()}, over SCM_RIGHTS).
 */
public final class MemfdBuffer implements PcmDmaBuffer {
    private final MemfdDmaAllocator owner;
    private final int fd;
    private final long size;
    private final MappedByteBuffer area;
    private final boolean clientReadOnly;
    /** The memfd's inode, as /proc/PID/maps names a mapping of it. */
    private final long inode;
    /** Processes the memory was handed to, until a check finds they no longer map it; at most MAX_RECEIVERS. */
    private final Set<Integer> receivers = new LinkedHashSet<>();
    static final int MAX_RECEIVERS = 64;

    MemfdBuffer(MemfdDmaAllocator owner, int fd, long size, MappedByteBuffer area, boolean clientReadOnly) {
        this.owner = owner;
        this.fd = fd;
        this.size = size;
        this.area = area;
        this.clientReadOnly = clientReadOnly;
        this.inode = inode(fd);
    }

    private static long inode(int fd) {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self/fd/" + fd), "unix:ino")).longValue();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Process {@code tgid} got the memory (FdHandoff). A full list drops the processes that no longer map it first;
     * a process beyond the bound goes unrecorded (HW_FREE then misses its mapping: it keeps its own pages).
     */
    public synchronized void handedTo(int tgid) {
        if (receivers.size() >= MAX_RECEIVERS) {
            prune();
        }
        if (receivers.size() < MAX_RECEIVERS) {
            receivers.add(tgid);
        }
    }

    /**
     * Whether a process the memory was handed to still maps it (its /proc/PID/maps names the inode). Processes
     * that mapped it through a process of theirs without the library (a fork's inherited mapping) are not seen.
     */
    @Override
    public synchronized boolean mappedByClients() {
        prune();
        return !receivers.isEmpty();
    }

    private void prune() {
        for (Iterator<Integer> it = receivers.iterator(); it.hasNext(); ) {
            if (!maps(it.next())) {
                it.remove();
            }
        }
    }

    private boolean maps(int pid) {
        if (inode < 0) {
            return false;
        }
        String ino = " " + inode + " ";
        try (var lines = Files.lines(Path.of("/proc", Integer.toString(pid), "maps"))) {
            return lines.anyMatch(l -> l.contains(ino) && l.contains("/memfd:sndfuse-"));
        } catch (IOException | RuntimeException e) {
            return false; // gone, or not ours to read
        }
    }

    /** The daemon's descriptor of the memfd: valid until {@link #free()}. */
    public int fd() {
        return fd;
    }

    /** The memfd's size: the buffer's bytes rounded up to whole pages. */
    public long size() {
        return size;
    }

    /** Whether clients may only read it (the status page: F_SEAL_FUTURE_WRITE after the daemon's mapping). */
    public boolean clientReadOnly() {
        return clientReadOnly;
    }

    @Override
    public ByteBuffer area() {
        return area;
    }

    @Override
    public void free() {
        owner.free(this);
    }
}
