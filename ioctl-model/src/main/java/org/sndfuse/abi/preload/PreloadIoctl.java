package org.sndfuse.abi.preload;

import static org.sndfuse.abi.IoctlRequest.iow;
import static org.sndfuse.abi.IoctlRequest.iowr;

/**
 * The private requests between the preload library and the daemon (preload/src/sndfuse-private.h,
 * docs/preload.md): type 'S', numbers from 0xf0.
 */
public final class PreloadIoctl {
    private PreloadIoctl() {}

    public static final int VERSION = 1;

    public static final int NODE_TIMER = 1, NODE_PCM = 2, NODE_CONTROL = 3;

    /** struct sndfuse_hello: version @0, kind @4, token @8, reserved[4] @16. */
    public static final int HELLO_SIZE = 32;
    public static final int HELLO = iowr('S', 0xf0, HELLO_SIZE);
    public static final int PCM_PAUSE = iow('S', 0xf1, 4);
    public static final int PCM_LINK = iow('S', 0xf2, 8);
    public static final int PCM_MMAP_INFO = iowr('S', 0xf3, MmapInfo.SIZE);
}
