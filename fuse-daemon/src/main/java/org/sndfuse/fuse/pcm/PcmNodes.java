package org.sndfuse.fuse.pcm;

import org.sndfuse.abi.pcm.PcmStream;
import org.sndfuse.aloop.LoopbackCard;
import org.sndfuse.aloop.PcmSubstream;
import org.sndfuse.aloop.StreamProfile;
import org.sndfuse.fuse.handle.Caller;
import org.sndfuse.errno.SndException;
import org.sndfuse.fuse.handle.Handle;
import org.sndfuse.fuse.handle.PendingCall;

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
        return opened(s, profiles, ioctls, device, stream);
    }

    /**
     * The blocking open without a thread (docs/fuse-transport.md, "The low-level transport"): a busy device parks
     * it until a substream is released (LoopbackCard#openParked); an interrupt ends it with EINTR.
     */
    public static PendingCall<Handle> openParked(LoopbackCard card, ShellProfiles profiles, PcmIoctlDispatch ioctls,
                                                 int device, int stream, Caller c) {
        if ((c.openFlags() & O_APPEND) != 0) {
            return new PendingCall<>() {
                @Override
                public Handle step(Runnable retry) {
                    return open(card, profiles, ioctls, device, stream, c);
                }

                @Override
                public Handle end(int errno) {
                    throw new SndException(errno, "open ended");
                }

                @Override
                public long remainingNanos() {
                    return Long.MAX_VALUE;
                }
            };
        }
        return new PendingCall<>() {
            private Runnable armed;

            @Override
            public Handle step(Runnable retry) {
                armed = retry;
                PcmSubstream s = card.openParked(device, stream, card.preferredSubdevice(c.pid()), c.pid(),
                        "pid " + c.pid(), retry);
                return s == null ? null : opened(s, profiles, ioctls, device, stream);
            }

            @Override
            public Handle end(int errno) {
                if (armed != null) {
                    card.unparkOpen(armed);
                }
                throw new SndException(errno, "open ended");
            }

            @Override
            public long remainingNanos() {
                return Long.MAX_VALUE; // snd_pcm_open waits without a time limit
            }
        };
    }

    /** The node's shell profile applied to a newly opened substream, and its handle. */
    private static Handle opened(PcmSubstream s, ShellProfiles profiles, PcmIoctlDispatch ioctls, int device,
                                 int stream) {
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
