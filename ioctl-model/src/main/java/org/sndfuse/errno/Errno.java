package org.sndfuse.errno;

/** Linux x86_64 errno values (include/uapi/asm-generic/errno-base.h, errno.h) used by the emulated devices. */
public final class Errno {
    private Errno() {}

    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int ENXIO = 6;
    public static final int E2BIG = 7;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EFAULT = 14;
    public static final int EBUSY = 16;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int ENOTTY = 25;
    public static final int ENOSPC = 28;
    public static final int EPIPE = 32;
    public static final int ENOSYS = 38;
    public static final int EBADFD = 77;
    public static final int ESTRPIPE = 86;
    public static final int ENOTSOCK = 88;
    public static final int EALREADY = 114;

    /** The symbolic name, e.g. {@code EINVAL}, for messages on text files. */
    public static String name(int errno) {
        switch (errno) {
            case EPERM: return "EPERM";
            case ENOENT: return "ENOENT";
            case ESRCH: return "ESRCH";
            case EINTR: return "EINTR";
            case EIO: return "EIO";
            case ENXIO: return "ENXIO";
            case E2BIG: return "E2BIG";
            case EBADF: return "EBADF";
            case EAGAIN: return "EAGAIN";
            case ENOMEM: return "ENOMEM";
            case EFAULT: return "EFAULT";
            case EBUSY: return "EBUSY";
            case ENODEV: return "ENODEV";
            case EINVAL: return "EINVAL";
            case ENOTTY: return "ENOTTY";
            case ENOSPC: return "ENOSPC";
            case EPIPE: return "EPIPE";
            case ENOSYS: return "ENOSYS";
            case EBADFD: return "EBADFD";
            case ESTRPIPE: return "ESTRPIPE";
            case ENOTSOCK: return "ENOTSOCK";
            case EALREADY: return "EALREADY";
            default: return "E" + errno;
        }
    }
}
