package org.sndfuse.abi.pcm;

import static org.sndfuse.abi.IoctlRequest.io;
import static org.sndfuse.abi.IoctlRequest.ior;
import static org.sndfuse.abi.IoctlRequest.iow;
import static org.sndfuse.abi.IoctlRequest.iowr;

/**
 * Request numbers of the PCM device nodes on x86_64 (the control node's are in
 * {@link org.sndfuse.abi.control.ControlIoctl}); the unit test pins each value against the header.
 *
 * <p>REWIND, FORWARD and WRITEI_FRAMES are declared write-only but the kernel writes a result back into
 * the caller's struct: a transport must treat them as in+out. CHANNEL_INFO is declared read-only although
 * the kernel reads the channel number from the caller.
 */
public final class PcmIoctl {
    private PcmIoctl() {}

    /** SNDRV_PCM_VERSION of the measured header: 2.0.15. */
    public static final int PROTOCOL_VERSION = (2 << 16) | (0 << 8) | 15;

    // PCM device node, type 'A'.
    public static final int PVERSION = ior('A', 0x00, 4);
    public static final int INFO = ior('A', 0x01, PcmInfo.SIZE);
    public static final int TSTAMP = iow('A', 0x02, 4);
    public static final int TTSTAMP = iow('A', 0x03, 4);
    public static final int USER_PVERSION = iow('A', 0x04, 4);
    public static final int HW_REFINE = iowr('A', 0x10, HwParams.SIZE);
    public static final int HW_PARAMS = iowr('A', 0x11, HwParams.SIZE);
    public static final int HW_FREE = io('A', 0x12);
    public static final int SW_PARAMS = iowr('A', 0x13, SwParams.SIZE);
    public static final int STATUS = ior('A', 0x20, PcmStatus.SIZE);
    public static final int DELAY = ior('A', 0x21, 8);
    public static final int HWSYNC = io('A', 0x22);
    public static final int SYNC_PTR = iowr('A', 0x23, SyncPtr.SIZE);
    public static final int STATUS_EXT = iowr('A', 0x24, PcmStatus.SIZE);
    public static final int CHANNEL_INFO = ior('A', 0x32, ChannelInfo.SIZE);
    public static final int PREPARE = io('A', 0x40);
    public static final int RESET = io('A', 0x41);
    public static final int START = io('A', 0x42);
    public static final int DROP = io('A', 0x43);
    public static final int DRAIN = io('A', 0x44);
    /** The argument is the push flag itself, passed by value. */
    public static final int PAUSE = iow('A', 0x45, 4);
    public static final int REWIND = iow('A', 0x46, 8);
    public static final int RESUME = io('A', 0x47);
    public static final int XRUN = io('A', 0x48);
    public static final int FORWARD = iow('A', 0x49, 8);
    public static final int WRITEI_FRAMES = iow('A', 0x50, Xferi.SIZE);
    public static final int READI_FRAMES = ior('A', 0x51, Xferi.SIZE);
    public static final int WRITEN_FRAMES = iow('A', 0x52, Xferi.SIZE);
    public static final int READN_FRAMES = ior('A', 0x53, Xferi.SIZE);
    /** The argument is the other PCM's file descriptor, passed by value. */
    public static final int LINK = iow('A', 0x60, 4);
    public static final int UNLINK = io('A', 0x61);


    /** mmap offsets of the PCM node: data buffer, status page, control page. */
    public static final long MMAP_OFFSET_DATA = 0x00000000L;
    public static final long MMAP_OFFSET_STATUS = 0x80000000L;
    public static final long MMAP_OFFSET_CONTROL = 0x81000000L;
}
