package org.sndfuse.fuse.pcm;

import java.nio.ByteBuffer;
import org.sndfuse.aloop.PcmUserBuffer;
import org.sndfuse.fuse.handle.CallerMemory;

/**
 * A user pointer of a transfer ioctl ({@code xferi.buf}, one entry of {@code xfern.bufs}) in the calling
 * process: the model copies through it piece by piece, as the kernel's copy_from_user/copy_to_user, so no
 * request size makes the daemon allocate more than one ring's worth. A bad pointer is EFAULT (from the memory).
 */
record CallerBuffer(CallerMemory memory, int pid, long base) implements PcmUserBuffer {
    @Override
    public void copyIn(long offset, ByteBuffer dst, int dstOff, int len) {
        memory.readInto(pid, base + offset, dst, dstOff, len);
    }

    @Override
    public void copyOut(long offset, ByteBuffer src, int srcOff, int len) {
        memory.writeFrom(pid, base + offset, src, srcOff, len);
    }
}
