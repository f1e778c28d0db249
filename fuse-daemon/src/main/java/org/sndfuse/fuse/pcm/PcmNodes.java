package org.sndfuse.fuse.pcm;

import java.util.concurrent.TimeUnit;
import org.sndfuse.abi.pcm.PcmStream;
import org.sndfuse.aloop.LoopbackCard;
import org.sndfuse.aloop.PcmSubstream;
import org.sndfuse.aloop.StreamProfile;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;
import org.sndfuse.fuse.handle.Caller;
import org.sndfuse.fuse.handle.Handle;

/** Opening {@code snd/pcmC0D<d><p|c>}: a free substream, or wait for one unless O_NONBLOCK (then EBUSY). */
public final class PcmNodes {
    private static final long WAIT_SLICE_MS = 50;

    private PcmNodes() {}

    public static String nodeName(int device, int stream) {
        return "pcmC" + LoopbackCard.CARD_INDEX + "D" + device + (stream == PcmStream.PLAYBACK ? "p" : "c");
    }

    public static Handle open(LoopbackCard card, ShellProfiles profiles, int device, int stream, Caller c) {
        while (true) {
            try {
                PcmSubstream s = card.open(device, stream, card.preferredSubdevice(c.pid()), c.pid(), "pid " + c.pid());
                StreamProfile profile = profiles.get(nodeName(device, stream));
                if (profile != null) {
                    try {
                        profile.applyTo(s);
                    } catch (RuntimeException e) {
                        s.close();
                        throw e;
                    }
                }
                return new PcmHandle(s);
            } catch (SndException e) {
                // As snd_pcm_open(): a busy device makes a blocking open sleep until a substream is released.
                if (e.errno() != Errno.EBUSY || c.nonblocking()) {
                    throw e;
                }
            }
            if (c.interrupted().getAsBoolean()) {
                throw new SndException(Errno.EINTR, "interrupted while waiting for a free substream");
            }
            try {
                TimeUnit.MILLISECONDS.sleep(WAIT_SLICE_MS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new SndException(Errno.EINTR, "interrupted");
            }
        }
    }
}
