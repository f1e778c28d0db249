package org.sndfuse.fuse.pcm;

import org.sndfuse.abi.StructBytes;
import org.sndfuse.abi.pcm.HwParams;
import org.sndfuse.abi.pcm.PcmIoctl;
import org.sndfuse.abi.pcm.PcmStatus;
import org.sndfuse.abi.pcm.SwParams;
import org.sndfuse.abi.pcm.SyncPtr;
import org.sndfuse.abi.pcm.Xferi;
import org.sndfuse.aloop.PcmSubstream;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;
import org.sndfuse.fuse.handle.Caller;
import org.sndfuse.fuse.handle.IoctlReply;
import org.sndfuse.fuse.handle.ProcessMemory;

/**
 * Decodes a PCM ioctl, calls the substream, encodes the reply. FUSE's restricted ioctls copy only the
 * struct itself, so three cases reach the caller's memory directly (README, "PCM over FUSE"):
 * WRITEI/READI_FRAMES move the frames behind {@code xferi.buf}; READI's struct (an _IOR) and the values the
 * kernel writes back into _IOW structs (WRITEI's result, REWIND/FORWARD's frames) go through
 * process_vm_readv/writev at the argument address.
 */
public final class PcmIoctlDispatch {
    private PcmIoctlDispatch() {}

    public static IoctlReply dispatch(PcmSubstream s, int cmd, long arg, byte[] in, Caller c) {
        if (cmd == PcmIoctl.PVERSION) {
            return intReply(s.pversion());
        } else if (cmd == PcmIoctl.INFO) {
            return IoctlReply.of(s.info().encode());
        } else if (cmd == PcmIoctl.TSTAMP) {
            s.tstamp(intArg(in));
        } else if (cmd == PcmIoctl.TTSTAMP) {
            s.ttstamp(intArg(in));
        } else if (cmd == PcmIoctl.USER_PVERSION) {
            s.userPversion(intArg(in));
        } else if (cmd == PcmIoctl.HW_REFINE) {
            return IoctlReply.of(s.hwRefine(HwParams.decode(in)).encode());
        } else if (cmd == PcmIoctl.HW_PARAMS) {
            return IoctlReply.of(s.hwParams(HwParams.decode(in)).encode());
        } else if (cmd == PcmIoctl.HW_FREE) {
            s.hwFree();
        } else if (cmd == PcmIoctl.SW_PARAMS) {
            return IoctlReply.of(s.swParams(SwParams.decode(in)).encode());
        } else if (cmd == PcmIoctl.STATUS) {
            return IoctlReply.of(s.status(null).encode());
        } else if (cmd == PcmIoctl.STATUS_EXT) {
            return IoctlReply.of(s.status(PcmStatus.decode(in)).encode());
        } else if (cmd == PcmIoctl.DELAY) {
            return IoctlReply.of(StructBytes.allocate(8).i64(0, s.delay()).bytes());
        } else if (cmd == PcmIoctl.HWSYNC) {
            s.hwsync();
        } else if (cmd == PcmIoctl.SYNC_PTR) {
            return IoctlReply.of(s.syncPtr(SyncPtr.decode(in)).encode());
        } else if (cmd == PcmIoctl.CHANNEL_INFO) {
            // _IOR in the header although the kernel reads the channel number: take it from the caller.
            int channel = StructBytes.of(ProcessMemory.INSTANCE.read(c.pid(), arg, 4), 4).i32(0);
            return IoctlReply.of(s.channelInfo(channel).encode());
        } else if (cmd == PcmIoctl.PREPARE) {
            s.prepare();
        } else if (cmd == PcmIoctl.RESET) {
            s.reset();
        } else if (cmd == PcmIoctl.START) {
            s.start();
        } else if (cmd == PcmIoctl.DROP) {
            s.drop();
        } else if (cmd == PcmIoctl.DRAIN) {
            s.drain(c.nonblocking(), c.interrupted());
        } else if (cmd == PcmIoctl.PAUSE) {
            // The kernel takes the flag by value; FUSE copies 4 bytes *from* the argument, so only a pointer to
            // the int gets here (by value, the kernel's FUSE layer fails the call with EFAULT first).
            s.pause(intArg(in) != 0);
        } else if (cmd == PcmIoctl.RESUME) {
            s.resume();
        } else if (cmd == PcmIoctl.XRUN) {
            s.xrun();
        } else if (cmd == PcmIoctl.REWIND || cmd == PcmIoctl.FORWARD) {
            long frames = StructBytes.of(in, 8).i64(0);
            long moved = cmd == PcmIoctl.REWIND ? s.rewind(frames) : s.forward(frames);
            ProcessMemory.INSTANCE.write(c.pid(), arg, StructBytes.allocate(8).i64(0, moved).bytes());
        } else if (cmd == PcmIoctl.WRITEI_FRAMES) {
            Xferi x = Xferi.decode(in);
            byte[] frames = ProcessMemory.INSTANCE.read(c.pid(), x.buf(), byteCount(s, x.frames()));
            long done = s.writeFrames(frames, c.nonblocking(), c.interrupted());
            ProcessMemory.INSTANCE.write(c.pid(), arg, x.withResult(done).encode());
        } else if (cmd == PcmIoctl.READI_FRAMES) {
            Xferi x = Xferi.decode(ProcessMemory.INSTANCE.read(c.pid(), arg, Xferi.SIZE));
            byteCount(s, x.frames());
            byte[] frames = s.readFrames(x.frames(), c.nonblocking(), c.interrupted());
            ProcessMemory.INSTANCE.write(c.pid(), x.buf(), frames);
            return IoctlReply.of(x.withResult(frames.length / s.frameBytes()).encode());
        } else if (cmd == PcmIoctl.LINK) {
            throw new SndException(Errno.EINVAL, "linking streams is not supported");
        } else if (cmd == PcmIoctl.UNLINK) {
            throw new SndException(Errno.EINVAL, "stream is not linked");
        } else {
            throw new SndException(Errno.ENOTTY, String.format("unknown PCM ioctl 0x%08x", cmd));
        }
        return IoctlReply.ok();
    }

    private static int byteCount(PcmSubstream s, long frames) {
        int fb = s.frameBytes();
        if (fb <= 0) {
            throw new SndException(Errno.EBADFD, "no hw_params set");
        }
        if (frames < 0 || frames > Integer.MAX_VALUE / fb) {
            throw new SndException(Errno.EINVAL, "frame count out of range: " + frames);
        }
        return (int) frames * fb;
    }

    static int intArg(byte[] in) {
        return StructBytes.of(in, 4).i32(0);
    }

    static IoctlReply intReply(int v) {
        return IoctlReply.of(StructBytes.allocate(4).i32(0, v).bytes());
    }
}
