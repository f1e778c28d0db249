package org.sndfuse.rtp;

import java.nio.charset.StandardCharsets;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.sndfuse.errno.SndException;

/**
 * One open file of the mount, used as a program uses a device node: ioctl with the struct's bytes in and
 * out, write, read, close. Failures are {@link SndException} with the call's errno.
 */
public final class DeviceFile implements AutoCloseable {
    private static final int EINTR = 4;
    private final String path;
    private int fd;

    private DeviceFile(String path, int fd) {
        this.path = path;
        this.fd = fd;
    }

    public static DeviceFile open(String path, int flags) {
        int fd = LibC.Holder.C.open(path, flags | LibC.O_CLOEXEC);
        if (fd < 0) {
            throw failure("open " + path);
        }
        return new DeviceFile(path, fd);
    }

    private static SndException failure(String what) {
        int errno = LibC.Holder.RUNTIME.getLastError();
        return new SndException(errno, what);
    }

    public int fd() {
        return fd;
    }

    /** An ioctl whose argument is a struct of {@code arg.length} bytes; returns the bytes afterwards. */
    public byte[] ioctl(int request, byte[] arg) {
        Pointer mem = Memory.allocateDirect(LibC.Holder.RUNTIME, Math.max(arg.length, 1));
        mem.put(0, arg, 0, arg.length);
        if (LibC.Holder.C.ioctl(fd, Integer.toUnsignedLong(request), mem) < 0) {
            throw failure(String.format("ioctl 0x%08x on %s", request, path));
        }
        byte[] out = new byte[arg.length];
        mem.get(0, out, 0, out.length);
        return out;
    }

    /** An ioctl without an argument. */
    public void ioctl(int request) {
        if (LibC.Holder.C.ioctl(fd, Integer.toUnsignedLong(request), null) < 0) {
            throw failure(String.format("ioctl 0x%08x on %s", request, path));
        }
    }

    /** Writes all of {@code data[0..length)} (retrying short writes and EINTR). */
    public void write(byte[] data, int length) {
        Pointer mem = Memory.allocateDirect(LibC.Holder.RUNTIME, Math.max(length, 1));
        mem.put(0, data, 0, length);
        long done = 0;
        while (done < length) {
            long n = LibC.Holder.C.write(fd, mem.slice(done), length - done);
            if (n < 0) {
                if (LibC.Holder.RUNTIME.getLastError() == EINTR) {
                    continue;
                }
                throw failure("write " + path);
            }
            done += n;
        }
    }

    /** Reads a small text file to its end. */
    public String readText() {
        Pointer mem = Memory.allocateDirect(LibC.Holder.RUNTIME, 4096);
        StringBuilder b = new StringBuilder();
        while (true) {
            long n = LibC.Holder.C.read(fd, mem, 4096);
            if (n < 0) {
                throw failure("read " + path);
            }
            if (n == 0) {
                return b.toString();
            }
            byte[] chunk = new byte[(int) n];
            mem.get(0, chunk, 0, chunk.length);
            b.append(new String(chunk, StandardCharsets.UTF_8));
        }
    }

    public void writeText(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        write(b, b.length);
    }

    @Override
    public void close() {
        if (fd >= 0) {
            LibC.Holder.C.close(fd);
            fd = -1;
        }
    }
}
