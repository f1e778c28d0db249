package org.sndfuse.fuse.pcm;

import org.sndfuse.abi.StructBytes;
import org.sndfuse.abi.pcm.HwParams;
import org.sndfuse.abi.pcm.PcmIoctl;
import org.sndfuse.abi.pcm.PcmStatus;
import org.sndfuse.abi.pcm.SwParams;
import org.sndfuse.abi.pcm.SyncPtr;
import org.sndfuse.abi.pcm.PcmState;
import org.sndfuse.abi.pcm.Xferi;
import org.sndfuse.abi.preload.MmapRequest;
import org.sndfuse.abi.preload.PreloadIoctl;
import org.sndfuse.aloop.PcmDmaBuffer;
import org.sndfuse.aloop.PcmSnapshot;
import org.sndfuse.aloop.PcmSubstream;
import org.sndfuse.aloop.PcmUserBuffer;
import org.sndfuse.aloop.PcmXfer;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;
import org.sndfuse.fuse.handle.Caller;
import org.sndfuse.fuse.handle.IoctlReply;
import org.sndfuse.fuse.handle.PendingCall;
import org.sndfuse.fuse.handle.CallerMemory;
import org.sndfuse.fuse.handle.FdHandoff;

/**
 * Decodes a PCM ioctl, calls the substream, encodes the reply (snd_pcm_common_ioctl). FUSE's restricted
 * ioctls copy only the struct itself, so some requests reach the caller's memory through {@link CallerMemory}
 * (docs/fuse-transport.md): WRITEI/READI_FRAMES move the frames behind {@code xferi.buf}, WRITEN/READN_FRAMES
 * read the {@code xfern.bufs} pointer array and move each channel's samples; the _IOR structs the kernel reads
 * anyway (READI/READN, CHANNEL_INFO's channel) and the values it writes back into _IOW structs (WRITEI/WRITEN's
 * result, REWIND/FORWARD's frames) go through it at the argument address.
 */
public final class PcmIoctlDispatch {
    /** snd_pcm_xfern_frames_ioctl's limit on the channels of a non-interleaved transfer. */
    static final int XFERN_MAX_CHANNELS = 128;
    /** struct sndfuse_link: the other description's HELLO token (u64). */
    static final int LINK_SIZE = 8;

    private final CallerMemory memory;
    private final PcmFiles files = new PcmFiles();

    public PcmIoctlDispatch(CallerMemory memory) {
        this.memory = memory;
    }

    /** The open PCM descriptions of the card, by token (LINK's other stream). */
    PcmFiles files() {
        return files;
    }

    public IoctlReply dispatch(PcmSubstream s, int cmd, long arg, byte[] in, Caller c) {
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
            int channel = StructBytes.of(memory.read(c.pid(), arg, 4), 4).i32(0);
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
        } else if (cmd == PcmIoctl.PAUSE || cmd == PreloadIoctl.PCM_PAUSE) {
            // The kernel takes PAUSE's flag by value, which FUSE cannot carry (it copies 4 bytes *from* the
            // argument and fails a small value with EFAULT before the daemon sees it): the preload library sends
            // PCM_PAUSE with a pointer, and PAUSE called with a pointer works too.
            s.pause(intArg(in) != 0);
        } else if (cmd == PcmIoctl.RESUME) {
            s.resume();
        } else if (cmd == PcmIoctl.XRUN) {
            s.xrun();
        } else if (cmd == PcmIoctl.REWIND || cmd == PcmIoctl.FORWARD) {
            long frames = StructBytes.of(in, 8).i64(0);
            long moved = cmd == PcmIoctl.REWIND ? s.rewind(frames) : s.forward(frames);
            memory.write(c.pid(), arg, StructBytes.allocate(8).i64(0, moved).bytes());
        } else if (cmd == PcmIoctl.WRITEI_FRAMES || cmd == PcmIoctl.READI_FRAMES) {
            return xferi(s, cmd == PcmIoctl.WRITEI_FRAMES, arg, in, c);
        } else if (cmd == PcmIoctl.WRITEN_FRAMES || cmd == PcmIoctl.READN_FRAMES) {
            return xfern(s, cmd == PcmIoctl.WRITEN_FRAMES, arg, in, c);
        } else if (cmd == PreloadIoctl.PCM_LINK) {
            // snd_pcm_link() with the other stream named by its open description's token (PcmFiles).
            s.link(files.substream(StructBytes.of(in, LINK_SIZE).i64(0)));
        } else if (cmd == PreloadIoctl.PCM_MMAP) {
            return mmap(s, MmapRequest.decode(in), c);
        } else if (cmd == PcmIoctl.LINK) {
            // The kernel's LINK passes an fd by value: FUSE cannot carry it, and an fd number means nothing here.
            throw new SndException(Errno.EINVAL, "LINK needs the preload library (SNDFUSE_IOCTL_PCM_LINK)");
        } else if (cmd == PcmIoctl.UNLINK) {
            s.unlink();
        } else {
            throw new SndException(Errno.ENOTTY, String.format("unknown PCM ioctl 0x%08x", cmd));
        }
        return IoctlReply.ok();
    }

    /** The mmap offsets of the status and control pages (asound.h: the _OLD and the time64 _NEW ones). */
    static final long OFFSET_STATUS_OLD = 0x80000000L, OFFSET_CONTROL_OLD = 0x81000000L,
            OFFSET_STATUS_NEW = 0x82000000L, OFFSET_CONTROL_NEW = 0x83000000L;

    /**
     * The preload library's mmap (docs/mmap.md): snd_pcm_mmap()'s dispatch on the offset and the checks of
     * snd_pcm_mmap_status/control/data, then the memory's memfd sent to the caller's socket. ENXIO for memory
     * that is not shared (a ring allocated before the descriptor said HELLO).
     */
    private static IoctlReply mmap(PcmSubstream s, MmapRequest req, Caller c) {
        boolean read = (req.prot() & MmapRequest.PROT_READ) != 0;
        long off = req.offset();
        boolean status = off == OFFSET_STATUS_OLD || off == OFFSET_STATUS_NEW;
        boolean control = off == OFFSET_CONTROL_OLD || off == OFFSET_CONTROL_NEW;
        boolean ring = !status && !control;
        PcmDmaBuffer b = status ? s.mmapStatus(req.length(), read)
                : control ? s.mmapControl(req.length(), read)
                : s.mmapData(off, req.length(), read, (req.prot() & MmapRequest.PROT_WRITE) != 0);
        if (!(b instanceof MemfdBuffer mem)) {
            throw new SndException(Errno.ENXIO, "the memory is not shared");
        }
        int tgid = FdHandoff.send(c.pid(), c.uid(), req.socket(), mem.fd());
        if (ring) {
            mem.handedTo(tgid); // snd_pcm_mmap_data_open: the ring's mappings make HW_FREE fail (mmap_count)
        }
        return IoctlReply.of(req.answer(mem.size(), ring ? off : 0, mem.clientReadOnly() ? MmapRequest.FLAG_READ_ONLY : 0)
                .encode());
    }

    /**
     * A blocking WRITEI/READI/WRITEN/READN_FRAMES or DRAIN that waits without a thread (docs/fuse-transport.md,
     * "The low-level transport"); null for the other requests. The caller's frames move only inside a step or end
     * of the parked call, before its reply: the caller is still in its request (the pid-reuse invariant).
     */
    public PendingCall<IoctlReply> parked(PcmSubstream s, int cmd, long arg, byte[] in, Caller c) {
        if (cmd == PcmIoctl.DRAIN) {
            return ParkedPcm.drain(s.drainParked());
        }
        boolean iow = cmd == PcmIoctl.WRITEI_FRAMES || cmd == PcmIoctl.WRITEN_FRAMES;
        if (cmd == PcmIoctl.WRITEI_FRAMES || cmd == PcmIoctl.READI_FRAMES) {
            Xferi x = xferiArgs(s, iow, arg, in, c);
            PcmXfer xfer = s.transferParked(buffer(x, c), x.frames());
            return ParkedPcm.transfer(xfer, done -> result(iow, arg, x.withResult(done).encode(), c));
        }
        if (cmd == PcmIoctl.WRITEN_FRAMES || cmd == PcmIoctl.READN_FRAMES) {
            Xferi x = xfernArgs(s, iow, arg, in, c);
            PcmXfer xfer = s.transferNonInterleavedParked(channelBuffers(s, x, c), x.frames());
            return ParkedPcm.transfer(xfer, done -> result(iow, arg, x.withResult(done).encode(), c));
        }
        return null;
    }

    /**
     * snd_pcm_xferi_frames_ioctl(): EBADFD before HW_PARAMS; the frames move in the substream's direction
     * whichever of the two requests it is, and the result goes back into the struct.
     */
    private IoctlReply xferi(PcmSubstream s, boolean iow, long arg, byte[] in, Caller c) {
        Xferi x = xferiArgs(s, iow, arg, in, c);
        long done = s.transfer(buffer(x, c), x.frames(), c.nonblocking(), c.interrupted());
        return result(iow, arg, x.withResult(done).encode(), c);
    }

    private Xferi xferiArgs(PcmSubstream s, boolean iow, long arg, byte[] in, Caller c) {
        requireSetUp(s.snapshot());
        return Xferi.decode(iow ? in : memory.read(c.pid(), arg, Xferi.SIZE));
    }

    private PcmUserBuffer buffer(Xferi x, Caller c) {
        return x.buf() == 0 ? null : new CallerBuffer(memory, c.pid(), x.buf());
    }

    /**
     * snd_pcm_xfern_frames_ioctl(): EBADFD before HW_PARAMS, EINVAL above 128 channels, EFAULT for an unreadable
     * pointer array; a null channel pointer plays silence (or drops that channel on capture).
     */
    private IoctlReply xfern(PcmSubstream s, boolean iow, long arg, byte[] in, Caller c) {
        Xferi x = xfernArgs(s, iow, arg, in, c);
        long done = s.transferNonInterleaved(channelBuffers(s, x, c), x.frames(), c.nonblocking(), c.interrupted());
        return result(iow, arg, x.withResult(done).encode(), c);
    }

    /** struct snd_xfern, after the channel count check. */
    private Xferi xfernArgs(PcmSubstream s, boolean iow, long arg, byte[] in, Caller c) {
        PcmSnapshot n = requireSetUp(s.snapshot());
        if (n.channels() > XFERN_MAX_CHANNELS) {
            throw new SndException(Errno.EINVAL, n.channels() + " channels");
        }
        return Xferi.decode(iow ? in : memory.read(c.pid(), arg, Xferi.SIZE));
    }

    private PcmUserBuffer[] channelBuffers(PcmSubstream s, Xferi x, Caller c) {
        int channels = s.snapshot().channels();
        StructBytes ptrs = StructBytes.of(memory.read(c.pid(), x.buf(), channels * 8), channels * 8);
        PcmUserBuffer[] bufs = new PcmUserBuffer[channels];
        for (int ch = 0; ch < bufs.length; ch++) {
            long p = ptrs.i64(ch * 8);
            bufs[ch] = p == 0 ? null : new CallerBuffer(memory, c.pid(), p);
        }
        return bufs;
    }

    private static PcmSnapshot requireSetUp(PcmSnapshot n) {
        if (n.state() == PcmState.OPEN) {
            throw new SndException(Errno.EBADFD, "no hw_params set");
        }
        return n;
    }

    /** The struct with its result: the reply of an _IOR request, written back into the caller's for an _IOW. */
    private IoctlReply result(boolean iow, long arg, byte[] struct, Caller c) {
        if (!iow) {
            return IoctlReply.of(struct);
        }
        memory.write(c.pid(), arg, struct);
        return IoctlReply.ok();
    }

    static int intArg(byte[] in) {
        return StructBytes.of(in, 4).i32(0);
    }

    static IoctlReply intReply(int v) {
        return IoctlReply.of(StructBytes.allocate(4).i32(0, v).bytes());
    }
}
