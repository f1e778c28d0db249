package org.sndfuse.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resolves --group: a number, or a name from /etc/group. */
final class Groups {
    private Groups() {}

    static int resolve(String group) throws MountPoint.Refused {
        if (group.matches("\\d+")) {
            return Integer.parseInt(group);
        }
        try {
            for (String line : Files.readAllLines(Path.of("/etc/group"))) {
                String[] f = line.split(":");
                if (f.length > 2 && f[0].equals(group)) {
                    return Integer.parseInt(f[2]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new MountPoint.Refused("cannot read /etc/group: " + e.getMessage());
        }
        throw new MountPoint.Refused("no such group: " + group);
    }
}
