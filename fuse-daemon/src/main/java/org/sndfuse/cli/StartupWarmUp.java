package org.sndfuse.cli;

import java.util.List;

/**
 * Work a {@code mount} does beside its command-line parsing (docs/fuse-transport.md, "Memory and start-up"):
 * binding a native library with jnr-ffi generates and loads its stub classes, about 100 ms for the first one
 * on a cold JVM, while picocli spends as long building the command's model by reflection. One short-lived
 * thread initializes the classes that bind the libraries the mount path needs, in the order it needs them;
 * when the main thread reaches one still being initialized it waits for it (class initialization is the
 * JVM's to serialize), so nothing is done twice. A class that failed here fails the main thread with only
 * "Could not initialize class" (JDK 17 keeps no cause), so the warm-up prints the reason itself, in one line:
 * every binding here is to libc or libfuse, which both transports need.
 */
final class StartupWarmUp {
    /** The classes whose static initializers bind native libraries, in the mount path's order. */
    static final List<String> CLASSES = List.of(
            "org.sndfuse.cli.MountLock",
            "org.sndfuse.fuse.handle.ProcessMemory",
            "org.sndfuse.fuse.lowlevel.LowLevelNative",
            "org.sndfuse.fuse.lowlevel.LowLevelOps",
            "org.sndfuse.cli.ThreadPolicy");

    private StartupWarmUp() {}

    static void begin() {
        Thread t = new Thread(StartupWarmUp::run, "sndfuse-warm-up");
        t.setDaemon(true);
        t.start();
    }

    private static void run() {
        ClassLoader loader = StartupWarmUp.class.getClassLoader();
        for (String name : CLASSES) {
            try {
                Class.forName(name, true, loader);
            } catch (Throwable e) {
                // jnr appends its search paths to the first line
                String why = MountCommand.rootCause(e).toString().lines().findFirst().orElse("");
                System.err.println("sndfuse: cannot bind a native library (" + name + "): " + why);
                return;
            }
        }
    }
}
