package org.sndfuse.fuse.handle;

import java.nio.file.Files;
import java.nio.file.Path;
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

    private ProcessMemory() {}

    @Override
    public byte[] read(int pid, long address, int length) {
        if (length == 0) {
            return new byte[0];
        }
        Pointer local = Memory.allocateDirect(RUNTIME, length);
        long n = LIBC.process_vm_readv(pid, iov(local.address(), length), 1, iov(address, length), 1, 0);
        if (n != length) {
            throw new SndException(Errno.EFAULT, "cannot read " + length + " bytes of process " + pid
                    + " at 0x" + Long.toHexString(address) + " (errno " + RUNTIME.getLastError() + ")");
        }
        byte[] out = new byte[length];
        local.get(0, out, 0, length);
        return out;
    }

    @Override
    public void write(int pid, long address, byte[] data) {
        if (data.length == 0) {
            return;
        }
        Pointer local = Memory.allocateDirect(RUNTIME, data.length);
        local.put(0, data, 0, data.length);
        long n = LIBC.process_vm_writev(pid, iov(local.address(), data.length), 1, iov(address, data.length), 1, 0);
        if (n != data.length) {
            throw new SndException(Errno.EFAULT, "cannot write " + data.length + " bytes to process " + pid
                    + " at 0x" + Long.toHexString(address) + " (errno " + RUNTIME.getLastError() + ")");
        }
    }

    private static Pointer iov(long base, long len) {
        Pointer p = Memory.allocateDirect(RUNTIME, 16);
        p.putLong(0, base);
        p.putLong(8, len);
        return p;
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
