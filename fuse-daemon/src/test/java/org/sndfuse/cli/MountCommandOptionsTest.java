package org.sndfuse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** --host-dev must be off unless asked for: it binds over the host's /dev/snd. */
class MountCommandOptionsTest {
    private static MountCommand parse(String... args) {
        MountCommand m = new MountCommand();
        new CommandLine(m).parseArgs(args);
        return m;
    }

    @Test
    void hostDevIsOffByDefault() {
        MountCommand m = parse("/tmp/snd");
        assertFalse(m.hostDev);
        assertEquals(Path.of("/tmp/snd"), m.mountPoint);
    }

    @Test
    void hostDevAloneIsOnAndLeavesTheMountPoint() {
        MountCommand m = parse("--host-dev", "/run/sndfuse");
        assertTrue(m.hostDev);
        assertEquals(Path.of("/run/sndfuse"), m.mountPoint);
    }

    @Test
    void realtimeIsOffByDefaultAndPassedOnByExec() {
        assertEquals(0, parse("/d").options.realtime);
        MountCommand m = parse("--realtime", "10", "/d");
        assertEquals(10, m.options.realtime);
        String args = String.join(" ", m.options.asArguments());
        assertTrue(args.contains("--realtime 10"), args);
    }

    @Test
    void receiveThreadsDefaultToTheTransportsChoiceAndArePassedOnByExec() {
        assertEquals(0, parse("/d").options.receiveThreads);
        MountCommand m = parse("--receive-threads", "2", "/d");
        assertEquals(2, m.options.receiveThreads);
        assertTrue(String.join(" ", m.options.asArguments()).contains("--receive-threads 2"));
    }

    @Test
    void hostDevTakesTheServiceSettingsValues() {
        assertTrue(parse("--host-dev=yes", "/d").hostDev);
        assertFalse(parse("--host-dev=no", "/d").hostDev);
        assertFalse(parse("--host-dev=", "/d").hostDev); // SNDFUSE_HOST_DEV unset in /etc/default/sndfuse
        assertThrows(CommandLine.ParameterException.class, () -> parse("--host-dev=maybe", "/d"));
    }
}
