package org.sndfuse.fuse.handle;

/** An ioctl's outcome: the return value (≥ 0) and the bytes FUSE copies back for _IOR/_IOWR requests. */
public record IoctlReply(int result, byte[] out) {
    private static final byte[] NONE = new byte[0];

    public static IoctlReply ok() {
        return new IoctlReply(0, NONE);
    }

    public static IoctlReply of(byte[] out) {
        return new IoctlReply(0, out);
    }
}
