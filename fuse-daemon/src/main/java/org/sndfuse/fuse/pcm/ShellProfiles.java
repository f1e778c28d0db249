package org.sndfuse.fuse.pcm;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.sndfuse.aloop.LoopbackCard;
import org.sndfuse.aloop.StreamProfile;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

/** The stream profiles set through {@code ctl/pcm}, by node name ({@code C0D0p} ... {@code C0D1c}). */
public final class ShellProfiles {
    private final ConcurrentHashMap<String, StreamProfile> byNode = new ConcurrentHashMap<>();

    /** Accepts "C0D0p" or "pcmC0D0p"; ENOENT for anything that is not one of the card's PCM nodes. */
    static String nodeKey(String name) {
        String n = name.startsWith("pcm") ? name.substring(3) : name;
        if (!n.matches("C" + LoopbackCard.CARD_INDEX + "D[0-" + (LoopbackCard.DEVICES - 1) + "][pc]")) {
            throw new SndException(Errno.ENOENT, "no PCM node '" + name + "' (C0D0p, C0D0c, C0D1p, C0D1c)");
        }
        return n;
    }

    public void set(String node, StreamProfile p) {
        byNode.put(nodeKey(node), p);
    }

    public void clear(String node) {
        byNode.remove(nodeKey(node));
    }

    public StreamProfile get(String node) {
        return byNode.get(nodeKey(node));
    }

    public Map<String, StreamProfile> all() {
        return new TreeMap<>(byNode);
    }
}
