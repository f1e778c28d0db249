package org.sndfuse.cli;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Checks and cleans a mount point: missing, busy, or stale (left by a killed daemon: ENOTCONN). */
final class MountPoint {
    /** A one-line, user-facing refusal. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    private MountPoint() {}

    /** Is {@code dir} a mount point now, per /proc/self/mountinfo? */
    static boolean isMounted(Path dir) {
        try {
            String target = dir.toString();
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] f = line.split(" ");
                if (f.length > 4 && unescape(f[4]).equals(target)) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    static String unescape(String s) {
        return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }

    /** A mounted directory whose daemon is gone answers ENOTCONN ("Transport endpoint is not connected"). */
    static boolean isStale(Path dir) {
        try {
            Files.readAttributes(dir, "unix:mode");
            try (var s = Files.list(dir)) {
                s.findFirst();
            }
            return false;
        } catch (FileSystemException e) {
            String reason = String.valueOf(e.getReason());
            return reason.contains("not connected");
        } catch (IOException | RuntimeException e) {
            return String.valueOf(e.getMessage()).contains("not connected");
        }
    }

    /** Validates {@code dir} for a new mount, detaching a stale mount first. Returns a note or null. */
    static String prepare(Path dir) throws Refused {
        String note = null;
        if (isMounted(dir)) {
            if (!isStale(dir)) {
                throw new Refused(dir + " is busy: something is already mounted there");
            }
            detach(dir);
            if (isMounted(dir)) {
                throw new Refused("could not detach the stale mount at " + dir);
            }
            note = "recovered stale mount at " + dir;
        }
        if (!Files.exists(dir)) {
            throw new Refused("mount point " + dir + " does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new Refused("mount point " + dir + " is not a directory");
        }
        try (var s = Files.list(dir)) {
            if (s.findFirst().isPresent()) {
                throw new Refused("mount point " + dir + " is not empty");
            }
        } catch (IOException e) {
            throw new Refused("cannot read mount point " + dir + ": " + e.getMessage());
        }
        return note;
    }

    /** Lazy unmount: fusermount -u -z, else umount -l (root). */
    static boolean detach(Path dir) {
        return run(List.of("fusermount", "-u", "-z", dir.toString())) || run(List.of("umount", "-l", dir.toString()));
    }

    static boolean unmount(Path dir) {
        return run(List.of("fusermount", "-u", dir.toString())) || detach(dir);
    }

    /** Runs a mount helper; true when it exited 0 within 20 s. */
    static boolean run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
