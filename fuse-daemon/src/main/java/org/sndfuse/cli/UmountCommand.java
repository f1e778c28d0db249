package org.sndfuse.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sndfuse umount DIR}: unmounts a sndfuse mount (the daemon then exits). */
@Command(name = "umount", mixinStandardHelpOptions = true, versionProvider = SndfuseCommand.Version.class,
        description = "Unmount a sndfuse mount; a running daemon then exits, a stale mount is detached.",
        footerHeading = "%nExamples:%n",
        footer = {"  sndfuse umount /tmp/snd        the daemon serving /tmp/snd exits 0",
                "  systemctl stop sndfuse         for the packaged service's /run/sndfuse"})
final class UmountCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MOUNTPOINT", description = "the directory sndfuse is mounted on")
    Path mountPoint;

    @Override
    public Integer call() {
        Path dir = mountPoint.toAbsolutePath().normalize();
        if (!MountPoint.isMounted(dir)) {
            System.err.println("sndfuse: " + dir + " is not mounted");
            return 1;
        }
        if (!MountPoint.unmount(dir)) {
            System.err.println("sndfuse: could not unmount " + dir);
            return 1;
        }
        return 0;
    }
}
