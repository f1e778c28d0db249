package org.sndfuse.fuse.handle;

/**
 * A handle whose blocking read() can wait without a thread: the low-level transport tries the read without
 * blocking, parks the request when it would wait, and tries again when told (docs/fuse-transport.md, "The
 * low-level transport"). The high-level transport ignores this and blocks in {@link Handle#read}.
 */
public interface ReadReadiness {
    /**
     * Runs {@code retry} once: at the next change that may let a waiting read proceed (data, a disconnect, a
     * release), or at once when one may proceed already. It runs on the thread that made the change, with no
     * model lock held. One registration at a time: a newer one replaces (and runs) the older.
     */
    void onReadable(Runnable retry);

    /**
     * Whether a non-blocking read of {@code size} bytes would now fail with EAGAIN, so the transport parks the
     * request without trying it first (a try that fails throws, and unwinding cost 0.3-0.5 us on every
     * blocked read). A stale answer is harmless: a parked read is retried at once if it may proceed already.
     */
    default boolean readWouldWait(int size) {
        return false;
    }
}
