package org.sndfuse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The alsa config sndfuse exec generates: the system's files first, then default = the loopback. */
class AlsaConfigTest {

    @Test
    void systemFilesFollowAlsaLibsLookup() {
        assertEquals(List.of("/usr/share/alsa/alsa.conf"), AlsaConfig.systemFiles(null, null));
        assertEquals(List.of("/opt/alsa/alsa.conf"), AlsaConfig.systemFiles("", "/opt/alsa"));
        assertEquals(List.of("/a.conf", "/b.conf"), AlsaConfig.systemFiles("/a.conf::/b.conf", "/opt/alsa"));
    }

    @Test
    void textIncludesTheSystemFilesBeforeOverridingDefault() {
        String t = AlsaConfig.text(List.of("/a.conf", "/b.conf"));
        int a = t.indexOf("</a.conf>\n"), b = t.indexOf("</b.conf>\n"), pcm = t.indexOf("pcm.!default {");
        assertTrue(a >= 0 && a < b && b < pcm, t);
        assertTrue(t.contains("type asym"), t);
        assertTrue(t.contains("playback.pcm { type plug slave.pcm \"hw:0,0\" }"), t);
        assertTrue(t.contains("capture.pcm { type plug slave.pcm \"hw:0,1\" }"), t);
        assertTrue(t.contains("ctl.!default {\n\ttype hw\n\tcard 0\n}"), t);
    }

    @Test
    void writtenFileIsReadableByAll() throws Exception {
        Path f = AlsaConfig.write(List.of("/usr/share/alsa/alsa.conf"));
        try {
            assertEquals(AlsaConfig.text(List.of("/usr/share/alsa/alsa.conf")), Files.readString(f));
            assertTrue(Files.getPosixFilePermissions(f).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ));
        } finally {
            Files.delete(f);
        }
    }
}
