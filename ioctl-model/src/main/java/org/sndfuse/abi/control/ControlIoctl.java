package org.sndfuse.abi.control;

import static org.sndfuse.abi.IoctlRequest.ior;
import static org.sndfuse.abi.IoctlRequest.iow;
import static org.sndfuse.abi.IoctlRequest.iowr;

import org.sndfuse.abi.pcm.PcmInfo;

/**
 * Request numbers of the control device ({@code controlC<card>}, type 'U') on x86_64 that sndfuse serves: the
 * core's own requests (snd_ctl_ioctl) and the PCM layer's (snd_pcm_control_ioctl). The unit test pins each value.
 *
 * <p>PCM_NEXT_DEVICE is declared read-only although the kernel first reads the current device from the caller.
 */
public final class ControlIoctl {
    private ControlIoctl() {}

    /** SNDRV_CTL_VERSION of current kernels: 2.0.9. */
    public static final int PROTOCOL_VERSION = (2 << 16) | (0 << 8) | 9;

    public static final int PVERSION = ior('U', 0x00, 4);
    public static final int CARD_INFO = ior('U', 0x01, CtlCardInfo.SIZE);
    public static final int ELEM_LIST = iowr('U', 0x10, CtlElemList.SIZE);
    public static final int ELEM_INFO = iowr('U', 0x11, CtlElemInfo.SIZE);
    public static final int ELEM_READ = iowr('U', 0x12, CtlElemValue.SIZE);
    public static final int ELEM_WRITE = iowr('U', 0x13, CtlElemValue.SIZE);
    public static final int SUBSCRIBE_EVENTS = iowr('U', 0x16, 4);
    public static final int PCM_NEXT_DEVICE = ior('U', 0x30, 4);
    public static final int PCM_INFO = iowr('U', 0x31, PcmInfo.SIZE);
    public static final int PCM_PREFER_SUBDEVICE = iow('U', 0x32, 4);
}
