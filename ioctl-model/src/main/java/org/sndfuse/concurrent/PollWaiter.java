package org.sndfuse.concurrent;

/**
 * The one pending poll notification of a pollable object (a kernel poll handle, through FUSE).
 *
 * <p>FUSE keeps one poll handle per file and poll round: a newer handle replaces the older one, and the
 * older one must still be answered (spuriously) so libfuse frees it. Not thread-safe on its own: the owner
 * guards it with its lock and runs the returned actions only after unlocking (see {@link DeferringLock}).
 */
public final class PollWaiter {
    private Runnable pending;

    /**
     * Registers {@code waiter} for the next change when nothing is ready ({@code mask == 0}). Returns what
     * the caller must run once it has unlocked: the replaced older waiter, or {@code waiter} itself when the
     * object is already ready (no change will come to notify it). May return null.
     */
    public Runnable register(int mask, Runnable waiter) {
        if (waiter == null) {
            return null;
        }
        if (mask != 0) {
            return waiter;
        }
        Runnable replaced = pending;
        pending = waiter;
        return replaced;
    }

    /** Takes the pending waiter (null if none): the caller runs it after unlocking. */
    public Runnable take() {
        Runnable w = pending;
        pending = null;
        return w;
    }

    public boolean isPending() {
        return pending != null;
    }

    /** One action that runs {@code first}, then {@code second} (either may be null; null if both are). */
    public static Runnable both(Runnable first, Runnable second) {
        if (first == null || second == null) {
            return first == null ? second : first;
        }
        return () -> {
            first.run();
            second.run();
        };
    }

    /** Runs {@code r} if it is not null: the usual last step after unlocking. */
    public static void run(Runnable r) {
        if (r != null) {
            r.run();
        }
    }
}
