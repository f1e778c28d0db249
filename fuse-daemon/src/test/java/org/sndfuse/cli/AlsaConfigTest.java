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
        String t = AlsaConfig.text(List.of("/a.conf", "/b.conf"), 1000);
        int a = t.indexOf("</a.conf>\n"), b = t.indexOf("</b.conf>\n"), pcm = t.indexOf("pcm.sndfuse_dmix {");
        assertTrue(a >= 0 && a < b && b < pcm, t);
        assertTrue(t.contains("type asym"), t);
        assertTrue(t.contains("playback.pcm { type plug slave.pcm \"sndfuse_dmix\" }"), t);
        assertTrue(t.contains("capture.pcm { type plug slave.pcm \"sndfuse_dsnoop\" }"), t);
        // dmix plays into pcmC0D0p sub0, dsnoop records pcmC0D1c sub0: the two ends of cable#0
        assertTrue(t.contains("pcm.sndfuse_dmix {\n\ttype dmix\n\tipc_key 1000\n"), t);
        assertTrue(t.contains("slave { pcm \"hw:0,0,0\" format S16_LE rate 48000"), t);
        assertTrue(t.contains("pcm.sndfuse_dsnoop {\n\ttype dsnoop\n\tipc_key 1001\n"), t);
        assertTrue(t.contains("slave { pcm \"hw:0,1,0\" format S16_LE rate 48000"), t);
        assertTrue(t.contains("defaults.pcm.ipc_key 1002\n"), t);
        assertTrue(t.contains("ctl.!default {\n\ttype hw\n\tcard 0\n}"), t);
    }

    @Test
    void ipcKeyIsOneMountsOwn() {
        assertEquals(AlsaConfig.ipcKey(Path.of("/tmp/a")), AlsaConfig.ipcKey(Path.of("/tmp/x/../a")));
        assertTrue(AlsaConfig.ipcKey(Path.of("/tmp/a")) != AlsaConfig.ipcKey(Path.of("/tmp/b")));
        assertTrue(AlsaConfig.ipcKey(Path.of("/tmp/a")) > 0 && AlsaConfig.ipcKey(Path.of("/tmp/a")) % 4 == 0);
    }

    @Test
    void writtenFileIsReadableByAll() throws Exception {
        Path f = AlsaConfig.write(List.of("/usr/share/alsa/alsa.conf"), 7);
        try {
            assertEquals(AlsaConfig.text(List.of("/usr/share/alsa/alsa.conf"), 7), Files.readString(f));
            assertTrue(Files.getPosixFilePermissions(f).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ));
        } finally {
            Files.delete(f);
        }
    }
}
