package org.sndfuse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountPointTest {
    @Test
    void theRootAndProcAreMountPointsAPlainDirectoryIsNot(@TempDir Path dir) throws Exception {
        assertTrue(MountPoint.isMounted(Path.of("/")));
        assertTrue(MountPoint.isMounted(Path.of("/proc")));
        Path sub = Files.createDirectory(dir.resolve("with space"));
        assertFalse(MountPoint.isMounted(sub));
        // a prefix of a mount point is not that mount point
        assertFalse(MountPoint.isMounted(Path.of("/pro")));
    }

    @Test
    void escapeIsTheKernelsManglingAndUnescapeUndoesIt() {
        String path = "/tmp/a b\tc\\d\ne";
        assertEquals("/tmp/a\\040b\\011c\\134d\\012e", MountPoint.escape(path));
        assertEquals(path, MountPoint.unescape(MountPoint.escape(path)));
    }
}
