package org.sndfuse.fuse.lowlevel;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;

/** The loaded libfuse 2 (docs/fuse-transport.md, "The low-level transport": why 2.9 and not 3). */
final class LowLevelNative {
    static final LibFuseLowLevel LIB = load();
    static final Runtime RUNTIME = Runtime.getRuntime(LIB);

    private LowLevelNative() {}

    private static LibFuseLowLevel load() {
        try {
            return LibraryLoader.create(LibFuseLowLevel.class).failImmediately().load("fuse");
        } catch (Throwable e) {
            return LibraryLoader.create(LibFuseLowLevel.class).failImmediately().load("libfuse.so.2");
        }
    }
}
