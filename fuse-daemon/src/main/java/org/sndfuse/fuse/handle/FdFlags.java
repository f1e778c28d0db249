package org.sndfuse.fuse.handle;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiPredicate;

/**
 * The current file status flags of a caller's descriptor, read from /proc. FUSE tells the daemon the flags
 * with every read and write but not with an ioctl, so an {@code fcntl(F_SETFL)} after open (alsa-lib opens
 * O_NONBLOCK, then clears it) is invisible to blocking ioctls such as WRITEI_FRAMES unless looked up here.
 */
public final class FdFlags {
    private FdFlags() {}

    /**
     * The O_NONBLOCK state of process {@code pid}'s descriptors open on {@code file}: TRUE or FALSE when they all
     * agree, null when none is found or they differ (the caller keeps what it knew).
     */
    public static Boolean nonblocking(int pid, Path file) {
        // Match by device and inode, not by path: a caller may see the node elsewhere (e.g. bind-mounted over
        // /dev/snd in its own mount namespace).
        Object want = identity(file);
        if (want == null) {
            return null;
        }
        return agreed(pid, (fd, info) -> want.equals(identity(fd)));
    }

    /**
     * As {@link #nonblocking(int, Path)} for a node known by its inode number {@code ino} (as the daemon reports
     * it) and file {@code name}, without touching the node itself: only /proc's fdinfo ({@code ino:}, {@code
     * flags:}) and the descriptor links' names are read. A daemon serving requests on a fixed set of threads
     * must not stat its own mount from one of them: the stat is a request that may find no thread to serve it.
     */
    public static Boolean nonblocking(int pid, long ino, String name) {
        return agreed(pid, (fd, info) -> {
            if (info[1] != ino) {
                return false;
            }
            try {
                Path target = Files.readSymbolicLink(fd).getFileName();
                return target != null && target.toString().equals(name);
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** The O_NONBLOCK state the descriptors {@code matches} picks agree on (fdinfo: {flags, ino}), or null. */
    private static Boolean agreed(int pid, BiPredicate<Path, long[]> matches) {
        Boolean seen = null;
        Path fds = Path.of("/proc", Integer.toString(pid), "fd");
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(fds)) {
            for (Path fd : dir) {
                long[] info = fdinfo(pid, fd.getFileName().toString());
                if (info == null || !matches.test(fd, info)) {
                    continue;
                }
                boolean nb = (info[0] & Caller.O_NONBLOCK) != 0;
                if (seen != null && seen != nb) {
                    return null;
                }
                seen = nb;
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return seen;
    }

    /** {flags, ino (-1 if not shown)} of a descriptor from /proc/PID/fdinfo/FD, or null. */
    private static long[] fdinfo(int pid, String fd) {
        long[] out = {-1, -1};
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Integer.toString(pid), "fdinfo", fd))) {
                if (line.startsWith("flags:")) {
                    out[0] = Long.parseLong(line.substring(6).strip(), 8);
                } else if (line.startsWith("ino:")) {
                    out[1] = Long.parseLong(line.substring(4).strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return out[0] < 0 ? null : out;
    }

    /** (st_dev, st_ino) of what {@code p} leads to, or null. */
    private static Object identity(Path p) {
        try {
            var a = Files.readAttributes(p, "unix:dev,ino");
            return java.util.List.of(a.get("dev"), a.get("ino"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
