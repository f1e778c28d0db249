package org.sndfuse.fuse.handle;

import java.security.SecureRandom;
import org.sndfuse.abi.preload.Hello;
import org.sndfuse.abi.preload.PreloadIoctl;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

/**
 * One open file description's answer to the preload library's HELLO (docs/preload.md): the node kind and a
 * token naming the description, so LINK can name the other stream by it, and whether the library has announced
 * itself on it ("preloaded"). The token is 64 random bits, not a counter: another user cannot name a stream it
 * did not open by trying small numbers (docs/mmap.md "Threat model").
 */
public final class PreloadHello {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int kind;
    private final long token = nonZero();
    private volatile boolean preloaded;

    public PreloadHello(int kind) {
        this.kind = kind;
    }

    /** HELLO: a library of another version gets EINVAL and leaves the descriptor alone. */
    public IoctlReply hello(byte[] in) {
        Hello h = Hello.decode(in);
        if (h.version() != PreloadIoctl.VERSION) {
            throw new SndException(Errno.EINVAL, "preload library version " + h.version());
        }
        preloaded = true;
        return IoctlReply.of(new Hello(h.version(), kind, token).encodeOver(in));
    }

    private static long nonZero() {
        long t;
        do {
            t = RANDOM.nextLong();
        } while (t == 0);
        return t;
    }

    public boolean preloaded() {
        return preloaded;
    }

    public long token() {
        return token;
    }
}
