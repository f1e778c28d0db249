package org.sndfuse.fuse.pcm;

import org.sndfuse.abi.pcm.PcmStream;
import org.sndfuse.aloop.LoopbackCard;
import org.sndfuse.aloop.PcmSubstream;
import org.sndfuse.aloop.StreamProfile;
import org.sndfuse.fuse.handle.Caller;
import org.sndfuse.fuse.handle.Handle;

/**
 * Opening {@code snd/pcmC0D<d><p|c>}: the card's blocking open (a free substream, or wait for one unless
 * O_NONBLOCK, then EBUSY — LoopbackCard#open), then the node's shell profile if one is set; with O_APPEND,
 * a share of the open substream (LoopbackCard#attach).
 */
public final class PcmNodes {
    private PcmNodes() {}

    private static final int O_APPEND = 0x400;

    public static String nodeName(int device, int stream) {
        return "pcmC" + LoopbackCard.CARD_INDEX + "D" + device + (stream == PcmStream.PLAYBACK ? "p" : "c");
    }

    public static Handle open(LoopbackCard card, ShellProfiles profiles, PcmIoctlDispatch ioctls, int device,
                              int stream, Caller c) {
        if ((c.openFlags() & O_APPEND) != 0) {
            // share the open substream, as dmix's other clients do (snd_pcm_attach_substream)
            return new PcmHandle(card.attach(device, stream, card.preferredSubdevice(c.pid())), ioctls);
        }
        PcmSubstream s = card.open(device, stream, () -> card.preferredSubdevice(c.pid()), c.pid(),
                "pid " + c.pid(), c.nonblocking(), c.interrupted());
        StreamProfile profile = profiles.get(nodeName(device, stream));
        if (profile != null) {
            try {
                profile.applyTo(s);
            } catch (RuntimeException e) {
                s.close();
                throw e;
            }
        }
        return new PcmHandle(s, ioctls);
    }
}
