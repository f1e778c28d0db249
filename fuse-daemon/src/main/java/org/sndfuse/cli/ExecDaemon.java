package org.sndfuse.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The daemon {@code sndfuse exec} starts when no served mount was named: {@code sndfuse mount} in a child JVM
 * (its own session, so a Ctrl-C meant for COMMAND does not stop it first), ready once it prints
 * {@code ready DIR}; stopped with SIGTERM at the end.
 */
final class ExecDaemon implements AutoCloseable {
    private static final long READY_TIMEOUT_S = 60;
    private static final long STOP_TIMEOUT_S = 10;

    private final Process process;
    private final Path log;

    private ExecDaemon(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code sndfuse mount OPTIONS DIR}; throws with the daemon's last error line when it never gets ready. */
    static ExecDaemon start(Path dir, List<String> mountArguments) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            cmd.add("/usr/bin/setsid");
        }
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        // the launcher's JVM options (heap cap, few threads: docs/fuse-transport.md "Memory and start-up")
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-jar");
        cmd.add(ExecCommand.jar().toString());
        cmd.add("mount");
        cmd.addAll(mountArguments);
        cmd.add(dir.toString());
        Path log = Files.createTempFile("sndfuse-exec-daemon", ".log");
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        p.getOutputStream().close();
        ExecDaemon d = new ExecDaemon(p, log);
        if (!d.awaitReady(dir)) {
            String why = d.lastErrorLine();
            d.close();
            throw new IOException(why);
        }
        return d;
    }

    private boolean awaitReady(Path dir) throws InterruptedException {
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                while (r.readLine() != null) {
                    // drained so the daemon never blocks on a full pipe
                }
            } catch (IOException e) {
                // the daemon is gone
            }
        }, "sndfuse-exec-daemon-out");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_TIMEOUT_S);
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (MountPoint.isMounted(dir) && Files.isRegularFile(dir.resolve("snd/timer"))) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    private String lastErrorLine() {
        try {
            List<String> lines = Files.readAllLines(log);
            for (int i = lines.size() - 1; i >= 0; i--) {
                String l = lines.get(i).replaceFirst("^sndfuse: ", "").strip();
                if (!l.isEmpty()) {
                    return l;
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return process.isAlive() ? "not ready after " + READY_TIMEOUT_S + " s" : "exit " + process.exitValue();
    }

    /** SIGTERM, then SIGKILL if it has not exited in time; the log goes too. */
    @Override
    public void close() {
        try {
            process.destroy();
            if (!process.waitFor(STOP_TIMEOUT_S, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT_S, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                Files.deleteIfExists(log);
            } catch (IOException e) {
                // a temporary file left in /tmp
            }
        }
    }
}
