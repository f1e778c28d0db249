package org.sndfuse.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The kernel's FUSE connection behind a mount, known by the mount's device number (major 0, minor N =
 * connection N under /sys/fs/fuse/connections). Aborting it ends the connection even while copies of the
 * mount live on in other mount namespaces, where a lazy unmount alone leaves the daemon's loop running
 * forever (docs/fuse-transport.md, "Mounts"); the copies then answer ENOTCONN.
 */
final class FuseConnection {
    private static final Path CONNECTIONS = Path.of("/sys/fs/fuse/connections");

    private final int minor;

    private FuseConnection(int minor) {
        this.minor = minor;
    }

    /** The connection of the mount at {@code dir} in this namespace, or null if none is mounted there. */
    static FuseConnection of(Path dir) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] f = line.split(" ");
                if (f.length > 4 && MountPoint.unescape(f[4]).equals(dir.toString())) {
                    String[] dev = f[2].split(":");
                    return new FuseConnection(Integer.parseInt(dev[1]));
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    /** Aborts the connection; mounts fusectl first if needed (root). False when that was not possible. */
    boolean abort() {
        Path abort = CONNECTIONS.resolve(Integer.toString(minor)).resolve("abort");
        if (!Files.exists(abort) && Files.isDirectory(CONNECTIONS)) {
            run(List.of("mount", "-t", "fusectl", "fusectl", CONNECTIONS.toString()));
        }
        try {
            Files.writeString(abort, "1");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "fuse connection " + minor;
    }

    private static void run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no mount(8): nothing more to try
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
