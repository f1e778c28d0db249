package org.sndfuse.fuse.handle;

/**
 * A blocking call that waits without a thread (docs/fuse-transport.md, "The low-level transport"): a PCM
 * transfer, a drain, a blocking PCM open. The transport steps it without blocking; while it must wait, the model
 * holds a one-shot retry and runs it on the thread that makes the call ready, and the transport steps it again.
 * One thread at a time steps or ends a call (the transport claims the request first). The high-level transport
 * does not use this: it blocks in {@link Handle}'s methods.
 *
 * @param <T> what the call answers: the bytes read, the count written, the ioctl reply, the opened handle
 */
public interface PendingCall<T> {
    /**
     * Does what can be done now: the answer when the call is over, or null when it must wait (then
     * {@code retry} runs once at the next change that may let it proceed, with no model lock held). Errors are
     * thrown as SndException, after any partial progress has been turned into an answer.
     */
    T step(Runnable retry);

    /**
     * The wait ends early with {@code errno} (EINTR for an interrupt, EIO for a timeout, EBADF for a release,
     * ENODEV at shutdown): the answer for what was done already (a transfer's partial count), else throws
     * {@code errno}. Drops the registered retry.
     */
    T end(int errno);

    /**
     * How long the call may still wait, in nanoseconds (Long.MAX_VALUE: no limit); 0 once its wait time is
     * over (then it is ended with EIO). Asked after each step that waits and again when that time has passed.
     */
    long remainingNanos();
}
