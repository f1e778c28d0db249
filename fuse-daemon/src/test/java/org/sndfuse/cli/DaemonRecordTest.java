package org.sndfuse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state directory of DaemonRecord: made private, and refused when it is a link or writable by others. */
class DaemonRecordTest {
    @TempDir
    Path tmp;

    @Test
    void aMissingDirectoryIsMadePrivate() throws IOException {
        Path d = tmp.resolve("own");
        DaemonRecord.ensurePrivate(d, false);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(d)));
        DaemonRecord.ensurePrivate(d, false); // and an existing one of ours passes
    }

    @Test
    void aLinkOrAnOpenDirectoryIsRefused() throws IOException {
        Path target = Files.createDirectory(tmp.resolve("target"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), target);
        assertThrows(IOException.class, () -> DaemonRecord.ensurePrivate(link, false));
        Path open = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThrows(IOException.class, () -> DaemonRecord.ensurePrivate(open, false));
    }
}
