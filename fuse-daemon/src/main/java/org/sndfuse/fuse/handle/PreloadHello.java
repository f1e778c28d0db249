package org.sndfuse.fuse.handle;

import java.util.concurrent.atomic.AtomicLong;
import org.sndfuse.abi.preload.Hello;
import org.sndfuse.abi.preload.PreloadIoctl;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

/**
 * One open file description's answer to the preload library's HELLO (docs/preload.md): the node kind and a
 * token naming the description (never reused while the daemon runs, so LINK can name the other stream by
 * it), and whether the library has announced itself on it ("preloaded").
 */
public final class PreloadHello {
    private static final AtomicLong NEXT_TOKEN = new AtomicLong(1);

    private final int kind;
    private final long token = NEXT_TOKEN.getAndIncrement();
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

    public boolean preloaded() {
        return preloaded;
    }

    public long token() {
        return token;
    }
}
