package org.sndfuse.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What {@code sndfuse status} knows of a running daemon: one small file per daemon, named after its pid, in
 * a state directory ({@code /run/sndfuse-daemons} for root, else {@code $XDG_RUNTIME_DIR/sndfuse-daemons}
 * or {@code /tmp/sndfuse-daemons-UID}). It holds the pid, the process start time, the mount point and the
 * options. A file outlives a SIGKILLed daemon, so a reader trusts it only while a process with that pid and
 * that start time exists (a reused pid has another start time). The directory must be this user's own, a real
 * directory nobody else may write (another user could make {@code /tmp/sndfuse-daemons-UID} first, or put a
 * symlink there): otherwise no record is written. The temporary file is created exclusively, never through a
 * link.
 */
record DaemonRecord(long pid, Instant started, Path mount, String options) {
    private static final Path ROOT_DIR = Path.of("/run/sndfuse-daemons");

    /** Writes this daemon's record (atomically, by rename) and returns its path. */
    static Path write(Path mount, String options) throws IOException {
        ProcessHandle self = ProcessHandle.current();
        Path dir = ownDir();
        ensurePrivate(dir, isRoot());
        removeDead(dir);
        Properties p = new Properties();
        p.setProperty("pid", Long.toString(self.pid()));
        p.setProperty("started", Long.toString(startOf(self).orElse(Instant.now()).toEpochMilli()));
        p.setProperty("mount", mount.toString());
        p.setProperty("options", options);
        Path file = dir.resolve(Long.toString(self.pid()));
        Path tmp = dir.resolve("." + self.pid() + ".tmp");
        Files.deleteIfExists(tmp); // a leftover, or a link someone put there: removed, never followed
        try (Writer w = Files.newBufferedWriter(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            p.store(w, "sndfuse daemon");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    /**
     * Makes {@code dir} if it is missing (0700, or 0755 for root's, which everyone reads) and checks it: a directory
     * itself, not a link to one, owned by this user and writable by nobody else. IOException otherwise.
     */
    static void ensurePrivate(Path dir, boolean othersRead) throws IOException {
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString(othersRead ? "rwxr-xr-x" : "rwx------")));
        } catch (FileAlreadyExistsException e) {
            // checked below
        }
        PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isDirectory()) {
            throw new IOException(dir + " is not a directory (a symbolic link?)");
        }
        int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int self = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (owner != self) {
            throw new IOException(dir + " belongs to uid " + owner + ", not to this user");
        }
        if (a.permissions().contains(PosixFilePermission.GROUP_WRITE)
                || a.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException(dir + " is writable by others");
        }
    }

    /** The records of live daemons in every state directory this user can see, oldest first. */
    static List<DaemonRecord> live() {
        List<DaemonRecord> out = new ArrayList<>();
        for (Path dir : readableDirs()) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> f.getFileName().toString().matches("[0-9]+"))
                        .forEach(f -> read(f).filter(DaemonRecord::alive).ifPresent(out::add));
            } catch (IOException e) {
                continue; // no such directory: no daemon wrote there
            }
        }
        out.sort((a, b) -> a.started.compareTo(b.started));
        return out;
    }

    /** Records left by killed daemons go when the next daemon starts, so the directory cannot grow. */
    private static void removeDead(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().matches("[0-9]+")).toList()) {
                if (read(f).map(r -> !r.alive()).orElse(true)) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            return; // best effort: a leftover record is ignored by readers anyway
        }
    }

    /** Does the process the record names still run (same pid, same start time)? */
    boolean alive() {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        return h.isPresent() && h.get().isAlive()
                && startOf(h.get()).map(s -> Math.abs(s.toEpochMilli() - started.toEpochMilli()) < 1000).orElse(false);
    }

    private static Optional<DaemonRecord> read(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
            return Optional.of(new DaemonRecord(Long.parseLong(p.getProperty("pid")),
                    Instant.ofEpochMilli(Long.parseLong(p.getProperty("started"))), Path.of(p.getProperty("mount")),
                    p.getProperty("options", "")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // half-written or foreign: not a record
        }
    }

    private static Optional<Instant> startOf(ProcessHandle h) {
        return h.info().startInstant();
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static Path ownDir() {
        if (isRoot()) {
            return ROOT_DIR;
        }
        String xdg = System.getenv("XDG_RUNTIME_DIR");
        if (xdg != null && !xdg.isEmpty()) {
            return Path.of(xdg, "sndfuse-daemons");
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "sndfuse-daemons-" + System.getProperty("user.name"));
    }

    private static Set<Path> readableDirs() {
        Set<Path> dirs = new LinkedHashSet<>();
        dirs.add(ROOT_DIR); // the service's daemon, readable by everyone
        dirs.add(ownDir());
        return dirs;
    }
}
