package org.sndfuse.fuse.pcm;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.sndfuse.aloop.PcmSubstream;

/**
 * The open PCM file descriptions by token: what the preload library's LINK names the other stream by, as the
 * kernel's snd_pcm_link resolves an fd to its pcm_file. A token is handed out once per open and never reused,
 * so a stale one names nothing. One entry per open PCM handle, removed at its release.
 */
public final class PcmFiles {
    private final AtomicLong next = new AtomicLong(1);
    private final Map<Long, PcmSubstream> open = new ConcurrentHashMap<>();

    /** Registers an open substream; returns its token (never 0). */
    long add(PcmSubstream s) {
        long token = next.getAndIncrement();
        open.put(token, s);
        return token;
    }

    void remove(long token) {
        open.remove(token);
    }

    /** The substream an open PCM description with {@code token} holds, or null. */
    PcmSubstream substream(long token) {
        return open.get(token);
    }
}
