package org.sndfuse.abi.preload;

import static org.sndfuse.abi.IoctlRequest.iow;
import static org.sndfuse.abi.IoctlRequest.iowr;

/**
 * The private requests between the preload library and the daemon (preload/src/sndfuse-private.h,
 * docs/preload.md): type 'S', numbers from 0xf0. They exist only because plain FUSE files cannot carry what
 * the kernel's devices do; the unit test pins each value.
 */
public final class PreloadIoctl {
    private PreloadIoctl() {}

    /** SNDFUSE_PRIVATE_VERSION: the only version a HELLO may announce. */
    public static final int VERSION = 2;

    /** Node kinds a HELLO answers with (SNDFUSE_NODE_*). */
    public static final int NODE_TIMER = 1, NODE_PCM = 2, NODE_CONTROL = 3;

    public static final int HELLO = iowr('S', 0xf0, Hello.SIZE);
    /** PAUSE with its value behind a pointer. */
    public static final int PCM_PAUSE = iow('S', 0xf1, 4);
    /** LINK naming the other stream by its HELLO token (struct sndfuse_link, one u64). */
    public static final int PCM_LINK = iow('S', 0xf2, 8);
    /** The O_ASYNC state of a description, for the daemon's SIGIO (struct sndfuse_async, docs/preload.md "SIGIO"). */
    public static final int ASYNC = iow('S', 0xf4, AsyncSetup.SIZE);
    /** A PCM mapping's memory, sent to the caller's socket (struct sndfuse_mmap, docs/mmap.md). */
    public static final int PCM_MMAP = iowr('S', 0xf5, MmapRequest.SIZE);
}
