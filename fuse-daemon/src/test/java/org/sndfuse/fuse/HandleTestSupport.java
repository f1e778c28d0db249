package org.sndfuse.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.function.Executable;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;
import org.sndfuse.fuse.handle.Caller;
import org.sndfuse.fuse.handle.Handle;

/** Callers and read/write helpers for driving handles without a mount. */
public final class HandleTestSupport {
    private HandleTestSupport() {}

    public static final int PID = 4242;
    public static final BooleanSupplier NEVER = () -> false;

    /** A blocking O_RDWR caller that is never interrupted. */
    public static Caller caller() {
        return new Caller(PID, 1000, 1000, Caller.O_RDWR, NEVER);
    }

    public static Caller caller(int pid) {
        return new Caller(pid, 1000, 1000, Caller.O_RDWR, NEVER);
    }

    /** An O_RDWR | O_NONBLOCK caller. */
    public static Caller nonblocking() {
        return new Caller(PID, 1000, 1000, Caller.O_RDWR | Caller.O_NONBLOCK, NEVER);
    }

    public static Caller interruptible(BooleanSupplier interrupted) {
        return new Caller(PID, 1000, 1000, Caller.O_RDWR, interrupted);
    }

    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Writes {@code text}; the write must succeed and report every byte. */
    public static void write(Handle h, String text) {
        byte[] b = bytes(text);
        assertEquals(b.length, h.write(0, b, caller()), "bytes accepted");
    }

    /** Writes {@code text}; the write must fail with {@code errno}. */
    public static SndException writeFails(Handle h, String text, int errno) {
        return assertErrno(errno, () -> h.write(0, bytes(text), caller()));
    }

    /**
     * Everything readable now, without blocking: reads with O_NONBLOCK until end-of-file (a request/answer file)
     * or EAGAIN (a blocking stream).
     */
    public static String readAvailable(Handle h) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 100_000; i++) {
            byte[] r;
            try {
                r = h.read(0, 65536, nonblocking());
            } catch (SndException e) {
                if (e.errno() == Errno.EAGAIN) {
                    break;
                }
                throw e;
            }
            if (r.length == 0) {
                break;
            }
            out.writeBytes(r);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    public static SndException assertErrno(int errno, Executable e) {
        SndException ex = assertThrows(SndException.class, e);
        assertEquals(Errno.name(errno), Errno.name(ex.errno()), ex.getMessage());
        return ex;
    }

    public static SndException assertErrno(int errno, Executable e, String what) {
        SndException ex = assertThrows(SndException.class, e, what);
        assertEquals(Errno.name(errno), Errno.name(ex.errno()), what + ": " + ex.getMessage());
        return ex;
    }
}
