package org.sndfuse.fuse.handle;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import com.kenai.jffi.MemoryIO;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

/**
 * {@link CallerMemory} through process_vm_readv/writev: how WRITEI/READI and WRITEN/READN_FRAMES reach the
 * frame buffers their struct points to, which restricted FUSE ioctls cannot copy (docs/fuse-transport.md).
 */
public final class ProcessMemory implements CallerMemory {
    public static final ProcessMemory INSTANCE = new ProcessMemory();

    public interface LibC {
        long process_vm_readv(int pid, Pointer localIov, long liovcnt, Pointer remoteIov, long riovcnt, long flags);

        long process_vm_writev(int pid, Pointer localIov, long liovcnt, Pointer remoteIov, long riovcnt, long flags);
    }

    private static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
    private static final Runtime RUNTIME = Runtime.getRuntime(LIBC);
    /** One iovec each (local, remote) per thread: the frame path allocates nothing per call. */
    private static final ThreadLocal<Pointer> LOCAL_IOV = ThreadLocal.withInitial(() -> Memory.allocateDirect(RUNTIME, 16));
    private static final ThreadLocal<Pointer> REMOTE_IOV = ThreadLocal.withInitial(() -> Memory.allocateDirect(RUNTIME, 16));
    /**
     * A native bounce buffer per thread for rings on the Java heap (every substream no preloaded client maps):
     * their frames pass through it in chunks, so a transfer allocates nothing (a byte array and a native block per
     * call cost a READI's wake-up about a microsecond). The threads that copy frames are the fixed serving pool, so
     * these stay few.
     */
    private static final int BOUNCE_BYTES = 128 * 1024;
    private static final ThreadLocal<Bounce> BOUNCE = ThreadLocal.withInitial(Bounce::new);

    private static final class Bounce {
        final ByteBuffer buffer = ByteBuffer.allocateDirect(BOUNCE_BYTES);
        final long address = MemoryIO.getInstance().getDirectBufferAddress(buffer);
    }

    private ProcessMemory() {}

    @Override
    public byte[] read(int pid, long address, int length) {
        byte[] out = new byte[length];
        readInto(pid, address, ByteBuffer.wrap(out), 0, length);
        return out;
    }

    @Override
    public void write(int pid, long address, byte[] data) {
        writeFrom(pid, address, ByteBuffer.wrap(data), 0, data.length);
    }

    /**
     * Straight into a direct buffer (the DMA buffer is a mapped shared-memory file): one copy, no allocation, as the
     * kernel's copy_from_user into the DMA area. A heap buffer goes through the thread's bounce buffer.
     */
    @Override
    public void readInto(int pid, long address, ByteBuffer dst, int at, int length) {
        long local = directAddress(dst, at, length);
        if (local != 0) {
            if (length > 0) {
                readv(pid, local, address, length);
            }
            return;
        }
        Bounce b = BOUNCE.get();
        for (int done = 0, n; done < length; done += n) {
            n = Math.min(BOUNCE_BYTES, length - done);
            readv(pid, b.address, address + done, n);
            dst.put(at + done, b.buffer, 0, n);
        }
    }

    /** Straight from a direct buffer, as {@link #readInto}. */
    @Override
    public void writeFrom(int pid, long address, ByteBuffer src, int at, int length) {
        long local = directAddress(src, at, length);
        if (local != 0) {
            if (length > 0) {
                writev(pid, local, address, length);
            }
            return;
        }
        Bounce b = BOUNCE.get();
        for (int done = 0, n; done < length; done += n) {
            n = Math.min(BOUNCE_BYTES, length - done);
            b.buffer.put(0, src, at + done, n);
            writev(pid, b.address, address + done, n);
        }
    }

    /** The native address of {@code b}'s byte {@code at}, after a bounds check; 0 for a heap buffer. */
    private static long directAddress(ByteBuffer b, int at, int length) {
        if (at < 0 || length < 0 || at > b.capacity() - length) {
            throw new IndexOutOfBoundsException("bytes " + at + "+" + length + " of a buffer of " + b.capacity());
        }
        if (!b.isDirect()) {
            return 0;
        }
        // JNI's GetDirectBufferAddress: byte 0 whatever the position, and no wrapper object per copy
        return MemoryIO.getInstance().getDirectBufferAddress(b) + at;
    }

    private static Pointer iov(ThreadLocal<Pointer> slot, long base, long length) {
        Pointer p = slot.get();
        p.putLong(0, base);
        p.putLong(8, length);
        return p;
    }

    /** process_vm_readv of {@code length} bytes at {@code remote} in {@code pid} to native {@code local}. */
    private static void readv(int pid, long local, long remote, int length) {
        long n = LIBC.process_vm_readv(pid, iov(LOCAL_IOV, local, length), 1, iov(REMOTE_IOV, remote, length), 1, 0);
        if (n != length) {
            throw new SndException(Errno.EFAULT, "cannot read " + length + " bytes of process " + pid + " at 0x"
                    + Long.toHexString(remote) + " (errno " + RUNTIME.getLastError() + ")");
        }
    }

    /** process_vm_writev of {@code length} bytes at native {@code local} to {@code remote} in {@code pid}. */
    private static void writev(int pid, long local, long remote, int length) {
        long n = LIBC.process_vm_writev(pid, iov(LOCAL_IOV, local, length), 1, iov(REMOTE_IOV, remote, length), 1, 0);
        if (n != length) {
            throw new SndException(Errno.EFAULT, "cannot write " + length + " bytes to process " + pid + " at 0x"
                    + Long.toHexString(remote) + " (errno " + RUNTIME.getLastError() + ")");
        }
    }

    /**
     * One line for the log when this daemon may be refused access to other processes' memory, or null.
     * Root may always; others only for their own processes, and Yama's ptrace_scope ≥ 1 forbids even that.
     */
    public static String accessWarning(int uid) {
        if (uid == 0) {
            return null;
        }
        String scope = "unknown";
        try {
            scope = Files.readString(Path.of("/proc/sys/kernel/yama/ptrace_scope")).strip();
        } catch (Exception e) {
            scope = "absent";
        }
        if (scope.equals("0") || scope.equals("absent")) {
            return null;
        }
        return "not root and kernel.yama.ptrace_scope=" + scope
                + ": WRITEI/READI/WRITEN/READN_FRAMES ioctls will fail with EFAULT (plain read()/write() on PCM nodes work)";
    }
}
