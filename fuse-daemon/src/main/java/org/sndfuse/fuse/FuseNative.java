package org.sndfuse.fuse;

import jnr.ffi.LibraryLoader;

/**
 * libfuse calls jnr-fuse does not bind. {@code fuse_interrupted()} tells a worker thread whether the kernel
 * sent FUSE_INTERRUPT for the request it is handling (docs/kernel-facts.md, FUSE transport facts).
 */
final class FuseNative {
    public interface LibFuseExtra {
        int fuse_interrupted();
    }

    private static final LibFuseExtra LIB = load();

    private FuseNative() {}

    private static LibFuseExtra load() {
        try {
            return LibraryLoader.create(LibFuseExtra.class).failImmediately().load("fuse");
        } catch (Throwable e) {
            return LibraryLoader.create(LibFuseExtra.class).failImmediately().load("libfuse.so.2");
        }
    }

    /** True when the request being handled on this thread was interrupted; call on the worker thread only. */
    static boolean interrupted() {
        return LIB.fuse_interrupted() != 0;
    }
}
