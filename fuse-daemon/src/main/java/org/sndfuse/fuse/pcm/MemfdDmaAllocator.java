package org.sndfuse.fuse.pcm;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.sndfuse.aloop.PcmDmaAllocator;
import org.sndfuse.aloop.PcmDmaBuffer;
import org.sndfuse.aloop.PcmMmap;
import org.sndfuse.aloop.PcmSubstream;

/**
 * The memory of descriptors that can map it (docs/mmap.md "The memory"): each ring (at HW_PARAMS) and each
 * substream's status and control page (at the first HELLO) is a memfd sealed against shrinking and growing, the
 * status page also against clients' writes. Nothing has a name in a shared directory: a client gets the
 * descriptor only from the daemon, over its own socket (FdPassing). The daemon keeps its descriptor and mapping
 * until the memory is freed (HW_FREE, a new HW_PARAMS, the substream's release), then closes and unmaps both;
 * a client's mapping keeps the memory alive for that client alone.
 */
public final class MemfdDmaAllocator implements PcmDmaAllocator, AutoCloseable {
    private static final int RING_SEALS = Memfd.F_SEAL_SHRINK | Memfd.F_SEAL_GROW | Memfd.F_SEAL_SEAL;
    private static final int STATUS_SEALS = RING_SEALS | Memfd.F_SEAL_FUTURE_WRITE;

    private final Set<MemfdBuffer> live = ConcurrentHashMap.newKeySet();

    @Override
    public PcmDmaBuffer allocate(PcmSubstream s, int bytes) {
        return allocate(name(s, "ring"), bytes, false);
    }

    @Override
    public PcmDmaBuffer allocatePage(PcmSubstream s, boolean clientWritable) {
        return allocate(name(s, clientWritable ? "control" : "status"), 4096, !clientWritable);
    }

    private MemfdBuffer allocate(String name, int bytes, boolean clientReadOnly) {
        long size = PcmMmap.pageAlign(Math.max(bytes, 1));
        int fd = Memfd.create(name, size);
        try {
            MappedByteBuffer area = Memfd.map(fd, bytes);
            // F_SEAL_FUTURE_WRITE leaves the daemon's writable mapping working and refuses every later one
            Memfd.seal(fd, clientReadOnly ? STATUS_SEALS : RING_SEALS);
            MemfdBuffer b = new MemfdBuffer(this, fd, size, area, clientReadOnly);
            live.add(b);
            return b;
        } catch (RuntimeException e) {
            Memfd.close(fd);
            throw e;
        }
    }

    /** The name /proc/PID/maps shows for a client's mapping (memfd names are not unique and name nothing). */
    private static String name(PcmSubstream s, String what) {
        return "sndfuse-" + s.toString().replace('/', '-') + "-" + what;
    }

    /** Closes the descriptor and unmaps the daemon's mapping (callers dropped every reference under the cable lock). */
    void free(MemfdBuffer b) {
        if (!live.remove(b)) {
            return;
        }
        Memfd.close(b.fd());
        unmap(b.area());
    }

    /** Daemon exit: nothing to remove (memfds have no names); the mappings go with the process. */
    @Override
    public void close() {
        live.clear();
    }

    /**
     * Unmaps at once rather than at some garbage collection, so a client that loops HW_PARAMS/HW_FREE cannot
     * pile up mappings (sun.misc.Unsafe.invokeCleaner, the JDK's documented way for a direct buffer). Without it
     * the mapping goes when the buffer is collected.
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
