package org.sndfuse.abi.preload;

import static org.sndfuse.abi.IoctlRequest.iow;
import static org.sndfuse.abi.IoctlRequest.iowr;

/**
 * The private requests between the preload library and the daemon, mirrored from
 * {@code preload/src/sndfuse-private.h}: type 'S', numbers from 0xf0, each an ordinary restricted FUSE ioctl whose
 * argument is a pointer to a fixed-size struct (docs/fuse-transport.md).
 */
public final class PreloadIoctl {
    private PreloadIoctl() {}

    /** struct sndfuse_hello: version, kind, token, reserved[4]. */
    public static final int HELLO_SIZE = 32;
    public static final int HELLO = iowr('S', 0xf0, HELLO_SIZE);
    /** PAUSE with the push flag behind a pointer (an int). */
    public static final int PCM_PAUSE = iow('S', 0xf1, 4);
    /** struct sndfuse_link: the other stream's HELLO token (u64). */
    public static final int LINK_SIZE = 8;
    public static final int PCM_LINK = iow('S', 0xf2, LINK_SIZE);
}
