package org.sndfuse.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The private mount namespace {@code sndfuse exec} runs COMMAND in: {@code unshare -m} as root, else
 * {@code unshare -r -m} (an unprivileged user namespace, where the system allows them; COMMAND then runs in a
 * nested one with the caller's own ids). Inside,
 * exec-namespace.sh binds the mount's snd/ over /dev/snd without changing the host's /dev.
 */
final class ExecNamespace {
    private final List<String> unshare;
    /** "UID:GID" COMMAND runs as inside a user namespace, empty as root. */
    private final String ids;

    private ExecNamespace(List<String> unshare, String ids) {
        this.unshare = unshare;
        this.ids = ids;
    }

    /** The way to get a namespace here, or null: tries it once with {@code true}. */
    static ExecNamespace probe(int uid, int gid) throws InterruptedException {
        boolean root = uid == 0;
        List<String> u = new ArrayList<>(List.of("unshare"));
        if (!root) {
            u.add("-r");
        }
        u.addAll(List.of("-m", "--propagation", "private", "--"));
        List<String> test = new ArrayList<>(u);
        test.add("true");
        try {
            Process p = new ProcessBuilder(test).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0 ? new ExecNamespace(u, root ? "" : uid + ":" + gid) : null;
        } catch (IOException e) {
            return null; // no unshare(1)
        }
    }

    /** unshare ... sh -c SCRIPT sndfuse-exec SNDDIR LIBRARY ALSACONF UID:GID COMMAND... */
    List<String> command(Path snd, Path library, Path alsaConfig, List<String> command) throws IOException {
        List<String> c = new ArrayList<>(unshare);
        c.addAll(List.of("/bin/sh", "-c", script(), "sndfuse-exec", snd.toString(), library.toString(),
                alsaConfig.toString(), ids));
        c.addAll(command);
        return c;
    }

    private static String script() throws IOException {
        try (InputStream in = ExecNamespace.class.getResourceAsStream("exec-namespace.sh")) {
            if (in == null) {
                throw new IOException("exec-namespace.sh missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
