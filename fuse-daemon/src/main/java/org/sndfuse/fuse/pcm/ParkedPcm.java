package org.sndfuse.fuse.pcm;

import java.util.function.LongFunction;
import org.sndfuse.aloop.PcmDrainWait;
import org.sndfuse.aloop.PcmXfer;
import org.sndfuse.fuse.handle.IoctlReply;
import org.sndfuse.fuse.handle.PendingCall;

/**
 * The PCM model's thread-less waits ({@link PcmXfer}, {@link PcmDrainWait}) as calls the low-level transport
 * parks (docs/fuse-transport.md, "The low-level transport").
 */
final class ParkedPcm {
    private ParkedPcm() {}

    /**
     * A transfer answered by {@code answer} with the frames it moved — at its end, or early (interrupt, timeout)
     * when frames moved already. {@code answer} runs before the reply, so a caller whose memory it writes
     * (WRITEI's result) is still waiting in its request (docs/fuse-transport.md, the pid-reuse invariant).
     */
    static <T> PendingCall<T> transfer(PcmXfer xfer, LongFunction<T> answer) {
        return new PendingCall<>() {
            @Override
            public T step(Runnable retry) {
                long frames = xfer.step(retry);
                return frames < 0 ? null : answer.apply(frames);
            }

            @Override
            public T end(int errno) {
                return answer.apply(xfer.end(errno));
            }

            @Override
            public long remainingNanos() {
                return xfer.remainingNanos();
            }
        };
    }

    /** DRAIN: answered once the group has drained; an early end is its errno. */
    static PendingCall<IoctlReply> drain(PcmDrainWait drain) {
        return new PendingCall<>() {
            @Override
            public IoctlReply step(Runnable retry) {
                return drain.step(retry) ? IoctlReply.ok() : null;
            }

            @Override
            public IoctlReply end(int errno) {
                drain.end(errno);
                return null; // not reached: end always throws
            }

            @Override
            public long remainingNanos() {
                return drain.remainingNanos();
            }
        };
    }
}
