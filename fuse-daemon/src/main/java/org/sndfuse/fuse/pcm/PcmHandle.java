package org.sndfuse.fuse.pcm;

import java.util.Arrays;
import org.sndfuse.abi.pcm.PcmIoctl;
import org.sndfuse.abi.preload.PreloadIoctl;
import org.sndfuse.abi.pcm.PcmStream;
import org.sndfuse.aloop.PcmSubstream;
import org.sndfuse.aloop.PcmXfer;
import org.sndfuse.fuse.SndFilesystem;
import org.sndfuse.fuse.handle.Caller;
import org.sndfuse.fuse.handle.Handle;
import org.sndfuse.fuse.handle.IoctlReply;
import org.sndfuse.fuse.handle.PendingCall;
import org.sndfuse.fuse.handle.PreloadHello;
import org.sndfuse.fuse.sigio.FasyncSetting;

/**
 * An open of a PCM node: one substream, reached by read()/write() of interleaved frames, ioctl and poll.
 *
 * <p>FUSE cuts a large read() or write() into requests of a fixed size that need not hold whole frames
 * (e.g. 131056 bytes of 32-byte frames). A full-size write request keeps its partial trailing frame for the
 * next request; a full-size read request returns whole frames only (the caller's read() comes back short,
 * as reads may). Any other request must hold whole frames (EINVAL otherwise), as in the kernel.
 * Lock: the private {@code carryLock} guards {@link #carry}.
 */
public final class PcmHandle implements Handle {
    private final PcmSubstream substream;
    private final PcmIoctlDispatch ioctls;
    private final PreloadHello hello = new PreloadHello(PreloadIoctl.NODE_PCM);
    private final FasyncSetting async = new FasyncSetting();
    private final Object carryLock = new Object();
    private byte[] carry = new byte[0];

    public PcmHandle(PcmSubstream substream, PcmIoctlDispatch ioctls) {
        this.substream = substream;
        this.ioctls = ioctls;
    }

    /** Whether the preload library announced itself on this description, and its token. */
    public PreloadHello hello() {
        return hello;
    }

    @Override
    public byte[] read(long offset, int size, Caller caller) {
        return substream.read(wholeFramesRead(size), caller.nonblocking(), caller.interrupted());
    }

    @Override
    public PendingCall<byte[]> readParked(long offset, int size, Caller caller) {
        byte[] out = new byte[wholeFramesRead(size)];
        PcmXfer xfer = substream.readWriteParked(out, PcmStream.CAPTURE);
        return ParkedPcm.transfer(xfer, frames -> {
            int n = (int) (frames * xfer.bytesPerFrame());
            return n == out.length ? out : Arrays.copyOf(out, n); // a full read is answered without a copy
        });
    }

    /** A read request's size: a cut request (see the class comment) reads whole frames only. */
    private int wholeFramesRead(int size) {
        int fb = substream.snapshot().frameBytes();
        if (fb > 0 && cut(size, SndFilesystem.MAX_READ_CHUNK) && size % fb != 0) {
            size -= size % fb;
        }
        return size;
    }

    @Override
    public int write(long offset, byte[] data, Caller caller) {
        synchronized (carryLock) {
            CarriedWrite w = carrying(data);
            return w.done(substream.write(w.all, caller.nonblocking(), caller.interrupted()));
        }
    }

    @Override
    public PendingCall<Integer> writeParked(long offset, byte[] data, Caller caller) {
        CarriedWrite w;
        synchronized (carryLock) {
            w = carrying(data);
        }
        PcmXfer xfer = substream.readWriteParked(w.all, PcmStream.PLAYBACK);
        return ParkedPcm.transfer(xfer, frames -> {
            synchronized (carryLock) {
                return w.done((int) (frames * xfer.bytesPerFrame()));
            }
        });
    }

    /**
     * One write request with the partial frame carried from the previous one: {@code all} is what goes to the
     * ring now, {@code keep} the trailing partial frame of a cut request, kept for the next one.
     */
    private final class CarriedWrite {
        final byte[] data;
        final int carried;
        byte[] all;
        byte[] keep = new byte[0];

        CarriedWrite(byte[] data, int carried, byte[] all) {
            this.data = data;
            this.carried = carried;
            this.all = all;
        }

        /** The request's answer once {@code done} bytes of {@link #all} moved. */
        int done(int done) {
            assert Thread.holdsLock(carryLock);
            if (done < all.length) {
                return Math.max(0, done - carried); // a short write: the caller sends the rest again
            }
            carry = keep;
            return data.length;
        }
    }

    private CarriedWrite carrying(byte[] data) {
        assert Thread.holdsLock(carryLock);
        int fb = substream.snapshot().frameBytes();
        int carried = carry.length;
        int total = carried + data.length;
        int whole = fb > 0 && cut(data.length, SndFilesystem.maxWrite()) ? total - total % fb : total;
        if (whole == total && carried == 0) {
            return new CarriedWrite(data, 0, data);
        }
        // carry + data, cut at whole frames, with one copy of each byte: it runs for most cut requests
        int fromCarry = Math.min(carried, whole);
        byte[] all = new byte[whole];
        System.arraycopy(carry, 0, all, 0, fromCarry);
        System.arraycopy(data, 0, all, fromCarry, whole - fromCarry);
        CarriedWrite w = new CarriedWrite(data, carried, all);
        w.keep = new byte[total - whole];
        System.arraycopy(carry, fromCarry, w.keep, 0, carried - fromCarry);
        System.arraycopy(data, whole - fromCarry, w.keep, carried - fromCarry, data.length - (whole - fromCarry));
        carry = new byte[0];
        return w;
    }

    /**
     * Whether a request of {@code size} bytes may be one piece of a larger call: FUSE cuts at its limit, less
     * the caller buffer's offset into its first page (32 pages of a buffer 16 bytes into a page = 131056).
     */
    private static boolean cut(int size, int limit) {
        return size > limit - PAGE_SIZE;
    }

    private static final int PAGE_SIZE = 4096;

    @Override
    public boolean writeMayBlock() {
        return true;
    }

    @Override
    public boolean ioctlMayBlock(int cmd) {
        return cmd == PcmIoctl.WRITEI_FRAMES || cmd == PcmIoctl.READI_FRAMES || cmd == PcmIoctl.WRITEN_FRAMES
                || cmd == PcmIoctl.READN_FRAMES || cmd == PcmIoctl.DRAIN;
    }

    @Override
    public IoctlReply ioctl(int cmd, long arg, byte[] in, Caller caller) {
        if (cmd == PreloadIoctl.HELLO) {
            IoctlReply reply = hello.hello(in);
            // the descriptor's process loaded the preload library: it can map the data buffer (docs/mmap.md),
            // and LINK can name it by its token (only descriptions that said HELLO can be named)
            substream.offerMmap();
            ioctls.files().add(hello.token(), substream);
            return reply;
        }
        if (cmd == PreloadIoctl.ASYNC) {
            return async.apply(in, caller, substream.fasync());
        }
        return ioctls.dispatch(substream, cmd, arg, in, caller);
    }

    @Override
    public PendingCall<IoctlReply> ioctlParked(int cmd, long arg, byte[] in, Caller caller) {
        return ioctls.parked(substream, cmd, arg, in, caller);
    }

    @Override
    public int poll(Runnable waiter) {
        return substream.poll(waiter);
    }

    @Override
    public void disconnect() {
        substream.disconnect();
    }

    @Override
    public void release() {
        ioctls.files().remove(hello.token());
        async.release(substream.fasync()); // a description sharing the substream (O_APPEND) keeps its own
        substream.close();
    }
}
