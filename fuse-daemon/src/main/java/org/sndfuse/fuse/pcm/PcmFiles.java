package org.sndfuse.fuse.pcm;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.sndfuse.aloop.PcmSubstream;

/**
 * The open PCM file descriptions by token: what the preload library's LINK names the other stream by, as the
 * kernel's snd_pcm_link resolves an fd to its pcm_file. The token is the description's HELLO token
 * (PreloadHello: never reused, so a stale one names nothing). One entry per open PCM handle, removed at its
 * release.
 */
public final class PcmFiles {
    private final Map<Long, PcmSubstream> open = new ConcurrentHashMap<>();

    /** Registers the open substream of the description with {@code token}. */
    void add(long token, PcmSubstream s) {
        open.put(token, s);
    }

    void remove(long token) {
        open.remove(token);
    }

    /** The substream an open PCM description with {@code token} holds, or null. */
    PcmSubstream substream(long token) {
        return open.get(token);
    }
}
