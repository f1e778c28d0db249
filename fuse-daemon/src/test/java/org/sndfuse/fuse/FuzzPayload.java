package org.sndfuse.fuse;

import java.util.Arrays;
import java.util.Random;
import org.sndfuse.abi.IoctlRequest;

/** Random ioctl payloads for the fuzz tests. */
public final class FuzzPayload {
    private FuzzPayload() {}

    /**
     * A payload of the request's size: zeros, all ones, random bytes, or little-endian ints drawn from
     * {@code [low, low + span)} so that small counts, ids and indexes come up often.
     */
    public static byte[] of(Random r, int cmd, int low, int span) {
        byte[] b = new byte[IoctlRequest.decode(cmd).size()];
        switch (r.nextInt(4)) {
            case 0 -> { }
            case 1 -> Arrays.fill(b, (byte) 0xff);
            case 2 -> r.nextBytes(b);
            default -> {
                for (int i = 0; i + 4 <= b.length; i += 4) {
                    int v = low + r.nextInt(span);
                    b[i] = (byte) v;
                    b[i + 1] = (byte) (v >> 8);
                    b[i + 2] = (byte) (v >> 16);
                    b[i + 3] = (byte) (v >> 24);
                }
            }
        }
        return b;
    }
}
