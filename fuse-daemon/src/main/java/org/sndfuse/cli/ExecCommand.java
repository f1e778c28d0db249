package org.sndfuse.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sun.misc.Signal;

/**
 * {@code sndfuse exec [mount options] [--mount DIR] -- COMMAND [ARGS]}: runs an unmodified ALSA program against
 * sndfuse (README "sndfuse exec"). Uses the daemon serving DIR, or starts one (and stops it at the end); runs
 * COMMAND in a private mount namespace where /dev/snd is the mount's snd/, with the preload library
 * (docs/preload.md) and an alsa config whose default is the loopback. Exit status: COMMAND's; 2 with one line
 * when it cannot run it.
 */
@Command(name = "exec", mixinStandardHelpOptions = true, versionProvider = SndfuseCommand.Version.class,
        description = "Run COMMAND with /dev/snd served by sndfuse, in a private mount namespace.",
        footerHeading = "%nExamples:%n",
        footer = {"  sndfuse exec -- aplay -l                          a daemon for the run, stopped at the end",
                "  sndfuse exec --mount /run/sndfuse -- arecord -d 3 x.wav   the service's mount",
                "  sndfuse exec --clock virtual -- ./my-test           options go to the daemon it starts"})
final class ExecCommand implements Callable<Integer> {
    static final int REFUSED = 2;
    private static final String LIBRARY = "libsndfuse-preload.so";

    @Mixin
    MountOptions options;

    @Option(names = "--mount", paramLabel = "DIR",
            description = "a served sndfuse mount to use; if nothing serves DIR, a daemon is started there")
    Path mount;

    @Option(names = "--fuse-device", hidden = true, defaultValue = "/dev/fuse", description = "the FUSE device (tests)")
    Path fuseDevice;

    @Parameters(paramLabel = "COMMAND", arity = "1..*", description = "the program and its arguments")
    List<String> command;

    @Override
    public Integer call() throws Exception {
        try {
            return run();
        } catch (Refused e) {
            System.err.println("sndfuse: exec: " + e.getMessage());
            return REFUSED;
        }
    }

    private int run() throws Refused, IOException, InterruptedException {
        if (!Files.exists(fuseDevice)) {
            throw new Refused("no " + fuseDevice + ": FUSE is not available here");
        }
        int uid = MountCommand.processId("Uid:");
        boolean root = uid == 0;
        ExecNamespace ns = ExecNamespace.probe(uid, MountCommand.processId("Gid:"));
        if (ns == null) {
            throw new Refused(root ? "cannot create a mount namespace (unshare -m failed)"
                    : "cannot create a mount namespace: not root, and unprivileged user namespaces are not allowed");
        }
        Path library = library();
        Path dir = mount == null ? null : mount.toAbsolutePath().normalize();
        boolean served = dir != null && MountPoint.isMounted(dir) && Files.isRegularFile(dir.resolve("snd/timer"));
        Path made = null;
        ExecDaemon daemon = null;
        Path alsa = null;
        try {
            if (!served) {
                if (dir == null) {
                    dir = made = Files.createTempDirectory("sndfuse-exec");
                }
                try {
                    daemon = ExecDaemon.start(dir, options.asArguments());
                } catch (IOException e) {
                    throw new Refused("no daemon serves " + dir + " and none could be started: " + e.getMessage());
                }
            }
            alsa = AlsaConfig.write(AlsaConfig.systemFiles(System.getenv("ALSA_CONFIG_PATH"),
                    System.getenv("ALSA_CONFIG_DIR")), AlsaConfig.ipcKey(dir));
            Process p = new ProcessBuilder(ns.command(dir.resolve("snd"), library, alsa, command)).inheritIO().start();
            // Ctrl-C reaches COMMAND through the terminal: it decides when it is done. A SIGTERM or SIGHUP sent to
            // exec alone is passed on to it. Either way exec then cleans up and returns COMMAND's status.
            Signal.handle(new Signal("INT"), s -> { });
            Signal.handle(new Signal("TERM"), s -> p.destroy());
            Signal.handle(new Signal("HUP"), s -> p.destroy());
            return waitIgnoringInterrupts(p);
        } finally {
            if (alsa != null) {
                Files.deleteIfExists(alsa);
            }
            if (daemon != null) {
                daemon.close();
            }
            if (made != null) {
                Files.deleteIfExists(made);
            }
        }
    }

    private static int waitIgnoringInterrupts(Process p) {
        while (true) {
            try {
                return p.waitFor();
            } catch (InterruptedException e) {
                // keep waiting: COMMAND decides when it is done
            }
        }
    }

    /** The preload library: SNDFUSE_PRELOAD, else next to the jar, else preload/build/ of the source tree. */
    private static Path library() throws Refused {
        String env = System.getenv("SNDFUSE_PRELOAD");
        Path jar = jar();
        List<Path> candidates = env != null && !env.isEmpty() ? List.of(Path.of(env))
                : List.of(jar.resolveSibling(LIBRARY), jar.getParent().resolve("../../preload/build/" + LIBRARY));
        for (Path c : candidates) {
            if (Files.isRegularFile(c)) {
                return c.toAbsolutePath().normalize();
            }
        }
        throw new Refused("the preload library is missing (" + candidates.get(candidates.size() - 1).normalize()
                + "): build it with make -C preload");
    }

    /** The jar (or classes directory) this class was loaded from. */
    static Path jar() {
        try {
            return Path.of(ExecCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toAbsolutePath();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A reason exec cannot run COMMAND: one line, exit 2. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }
}
