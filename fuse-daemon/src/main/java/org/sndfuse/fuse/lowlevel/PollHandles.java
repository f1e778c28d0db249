package org.sndfuse.fuse.lowlevel;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import jnr.ffi.Pointer;

/**
 * The kernel's poll handles, one per open file (docs/fuse-transport.md, "poll"): a newer handle replaces the
 * older, which is freed without a notification; a handle is notified and freed, or only freed, exactly once.
 */
final class PollHandles {
    private final ConcurrentHashMap<Long, Registration> byFile = new ConcurrentHashMap<>();

    /** One kernel poll handle. */
    static final class Registration {
        private final Pointer ph;
        private final AtomicBoolean done = new AtomicBoolean();

        Registration(Pointer ph) {
            this.ph = ph;
        }

        void fire() {
            if (done.compareAndSet(false, true)) {
                LowLevelNative.LIB.fuse_lowlevel_notify_poll(ph);
                LowLevelNative.LIB.fuse_pollhandle_destroy(ph);
            }
        }

        void discard() {
            if (done.compareAndSet(false, true)) {
                LowLevelNative.LIB.fuse_pollhandle_destroy(ph);
            }
        }
    }

    /** Registers {@code ph} (null: the kernel sent none) for file {@code fh}; the older handle is freed. */
    Registration register(long fh, Pointer ph) {
        if (ph == null || ph.address() == 0) {
            return null;
        }
        Registration reg = new Registration(ph);
        Registration old = byFile.put(fh, reg);
        if (old != null) {
            old.discard();
        }
        return reg;
    }

    /** {@code reg} was answered with a ready mask: the poller returns at once and needs no wake-up. */
    void ready(long fh, Registration reg) {
        if (reg != null) {
            byFile.remove(fh, reg);
            reg.discard();
        }
    }

    void release(long fh) {
        Registration reg = byFile.remove(fh);
        if (reg != null) {
            reg.discard();
        }
    }
}
