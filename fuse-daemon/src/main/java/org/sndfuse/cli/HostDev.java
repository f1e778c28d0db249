package org.sndfuse.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code sndfuse mount --host-dev}: the mount's {@code snd/} bound over {@code /dev/snd} in the daemon's own
 * mount namespace, so every program there finds the card where ALSA looks, without {@code unshare}. Only on
 * a host without sound devices (no {@code /dev/snd}, or an empty one); undone at stop, and a {@code /dev/snd}
 * this class created is removed again.
 */
final class HostDev {
    static final Path DEV_SND = Path.of("/dev/snd");

    private final Path target;
    private final boolean created;
    private final AtomicBoolean undone = new AtomicBoolean();

    private HostDev(Path target, boolean created) {
        this.target = target;
        this.created = created;
    }

    /** Refuses, with one line, anything but root and a /dev/snd that is missing or empty. */
    static void check(Path target) throws MountPoint.Refused {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new MountPoint.Refused("--host-dev needs root: it binds the mount over " + target);
        }
        if (MountPoint.isMounted(target) && MountPoint.isStale(target)) {
            MountPoint.detach(target); // a bind left by a killed daemon: nothing serves it any more
        }
        if (!Files.exists(target)) {
            return;
        }
        if (!Files.isDirectory(target)) {
            throw new MountPoint.Refused("--host-dev: " + target + " is not a directory");
        }
        if (MountPoint.isMounted(target)) {
            throw new MountPoint.Refused("--host-dev: " + target + " is busy: something is already mounted there");
        }
        try (Stream<Path> s = Files.list(target)) {
            String devices = s.map(p -> p.getFileName().toString()).sorted().limit(4).collect(Collectors.joining(" "));
            if (!devices.isEmpty()) {
                throw new MountPoint.Refused("--host-dev: " + target + " holds sound devices (" + devices
                        + "); refusing to hide them");
            }
        } catch (IOException e) {
            throw new MountPoint.Refused("--host-dev: cannot read " + target + ": " + e.getMessage());
        }
    }

    /** Binds {@code mount/snd} over {@code target} (made if missing). */
    static HostDev bind(Path mount, Path target) throws MountPoint.Refused {
        check(target); // again: the host may have changed while the mount came up
        boolean created = false;
        try {
            if (!Files.exists(target)) {
                Files.createDirectory(target);
                created = true;
            }
        } catch (IOException e) {
            throw new MountPoint.Refused("--host-dev: cannot create " + target + ": " + e.getMessage());
        }
        if (!MountPoint.run(List.of("mount", "--bind", mount.resolve("snd").toString(), target.toString()))) {
            if (created) {
                removeQuietly(target);
            }
            throw new MountPoint.Refused("--host-dev: mount --bind " + mount.resolve("snd") + " " + target + " failed");
        }
        return new HostDev(target, created);
    }

    /** Detaches the bind (lazily: programs may still hold devices open) and removes what bind() created. */
    void undo() {
        if (!undone.compareAndSet(false, true)) {
            return;
        }
        if (MountPoint.isMounted(target)) {
            MountPoint.run(List.of("umount", "-l", target.toString()));
        }
        if (created && !MountPoint.isMounted(target)) {
            removeQuietly(target);
        }
    }

    @Override
    public String toString() {
        return target.toString();
    }

    private static void removeQuietly(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            System.err.println("sndfuse: could not remove " + dir + ": " + e.getMessage());
        }
    }
}
