package org.sndfuse.fuse.pcm;

import org.sndfuse.abi.StructBytes;
import org.sndfuse.abi.pcm.PcmInfo;
import org.sndfuse.abi.pcm.PcmIoctl;
import org.sndfuse.aloop.LoopbackCard;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;
import org.sndfuse.fuse.handle.Caller;
import org.sndfuse.fuse.handle.Handle;
import org.sndfuse.fuse.handle.IoctlReply;
import org.sndfuse.fuse.handle.ProcessMemory;

/**
 * An open of {@code snd/controlC0}: what alsa-lib's hw plugin asks the control device before opening a PCM —
 * PVERSION, CARD_INFO, PCM_NEXT_DEVICE, PCM_INFO and PCM_PREFER_SUBDEVICE (remembered for the opening process,
 * as the kernel keys it by the caller's pid). Mixer element ioctls are not served (ENOTTY).
 */
public final class CtlHandle implements Handle {
    /** SNDRV_CTL_VERSION of current kernels: 2.0.9. */
    public static final int CTL_VERSION = (2 << 16) | 9;

    private final LoopbackCard card;
    private final PreferredSubdevices preferred;
    private final int pid;

    public CtlHandle(LoopbackCard card, PreferredSubdevices preferred, Caller opener) {
        this.card = card;
        this.preferred = preferred;
        this.pid = opener.pid();
    }

    @Override
    public IoctlReply ioctl(int cmd, long arg, byte[] in, Caller c) {
        if (cmd == PcmIoctl.CTL_PVERSION) {
            return PcmIoctlDispatch.intReply(CTL_VERSION);
        } else if (cmd == PcmIoctl.CTL_CARD_INFO) {
            return IoctlReply.of(card.cardInfo().encode());
        } else if (cmd == PcmIoctl.CTL_PCM_NEXT_DEVICE) {
            // _IOR in the header, but the kernel reads the current device first: take it from the caller.
            int device = StructBytes.of(ProcessMemory.read(c.pid(), arg, 4), 4).i32(0);
            return PcmIoctlDispatch.intReply(card.nextPcmDevice(device));
        } else if (cmd == PcmIoctl.CTL_PCM_INFO) {
            PcmInfo q = PcmInfo.decode(in);
            return IoctlReply.of(card.pcmInfo(q.device(), q.stream(), q.subdevice()).encode());
        } else if (cmd == PcmIoctl.CTL_PCM_PREFER_SUBDEVICE) {
            preferred.set(pid, this, PcmIoctlDispatch.intArg(in));
            return IoctlReply.ok();
        }
        throw new SndException(Errno.ENOTTY, String.format("unsupported control ioctl 0x%08x", cmd));
    }

    @Override
    public void release() {
        preferred.clear(pid, this);
    }
}
