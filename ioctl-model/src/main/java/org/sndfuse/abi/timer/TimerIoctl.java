package org.sndfuse.abi.timer;

import static org.sndfuse.abi.IoctlRequest.io;
import static org.sndfuse.abi.IoctlRequest.ior;
import static org.sndfuse.abi.IoctlRequest.iow;
import static org.sndfuse.abi.IoctlRequest.iowr;

/** Request numbers of the timer device on x86_64 (docs/kernel-facts.md T13); the unit test pins each value. */
public final class TimerIoctl {
    private TimerIoctl() {}

    public static final int PVERSION = ior('T', 0x00, 4);
    public static final int NEXT_DEVICE = iowr('T', 0x01, TimerId.SIZE);
    /** TREAD_OLD, which is what SNDRV_TIMER_IOCTL_TREAD means on 64-bit. */
    public static final int TREAD_OLD = iow('T', 0x02, 4);
    public static final int GINFO = iowr('T', 0x03, TimerGinfo.SIZE);
    public static final int GPARAMS = iow('T', 0x04, TimerGparams.SIZE);
    public static final int GSTATUS = iowr('T', 0x05, TimerGstatus.SIZE);
    public static final int SELECT = iow('T', 0x10, TimerSelect.SIZE);
    public static final int INFO = ior('T', 0x11, TimerInfo.SIZE);
    public static final int PARAMS = iow('T', 0x12, TimerParams.SIZE);
    public static final int STATUS = ior('T', 0x14, TimerStatus.SIZE);
    public static final int START = io('T', 0xa0);
    public static final int STOP = io('T', 0xa1);
    public static final int CONTINUE = io('T', 0xa2);
    public static final int PAUSE = io('T', 0xa3);
    public static final int TREAD64 = iow('T', 0xa4, 4);
    public static final int CREATE = iowr('T', 0xa5, TimerUinfo.SIZE);
    public static final int TRIGGER = io('T', 0xa6);
    // Pre-2.0.4 numbers the kernel still accepts for start/stop/continue/pause.
    public static final int START_OLD = io('T', 0x20);
    public static final int STOP_OLD = io('T', 0x21);
    public static final int CONTINUE_OLD = io('T', 0x22);
    public static final int PAUSE_OLD = io('T', 0x23);

    /** SNDRV_TIMER_VERSION of kernels with userspace-driven timers: 2.0.8. */
    public static final int PROTOCOL_VERSION = (2 << 16) | (0 << 8) | 8;
}
