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

    /**
     * Is {@code dir} a mount point now, per /proc/self/mountinfo (field 5, octal-escaped)? The daemon asks after
     * every change of its mount table ({@link MountTableWatch}): one read of the file, no per-line strings.
     */
    static boolean isMounted(Path dir) {
        String info;
        try {
            info = Files.readString(Path.of("/proc/self/mountinfo"));
        } catch (IOException e) {
            return false;
        }
        String target = escape(dir.toString());
        for (int line = 0; line < info.length();) {
            int end = info.indexOf('\n', line);
            end = end < 0 ? info.length() : end;
            int field = line;
            for (int i = 0; i < 4 && field >= 0; i++) {
                int space = info.indexOf(' ', field);
                field = space < 0 || space >= end ? -1 : space + 1;
            }
            int after = field + target.length();
            if (field >= 0 && after < end && info.startsWith(target, field) && info.charAt(after) == ' ') {
                return true;
            }
            line = end + 1;
        }
        return false;
    }

    /** The kernel's mangling of mountinfo paths (show_mountinfo: space, tab, newline and backslash in octal). */
    static String escape(String s) {
        return s.replace("\\", "\\134").replace(" ", "\\040").replace("\t", "\\011").replace("\n", "\\012");
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
