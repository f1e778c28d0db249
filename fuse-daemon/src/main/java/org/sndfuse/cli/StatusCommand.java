package org.sndfuse.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code sndfuse status [DIR...]}: every mount served by a running daemon (found by its {@link DaemonRecord}
 * and checked against this namespace's mount table), with the daemon's pid, uptime and options and a summary
 * read from the mount's own {@code proc/asound}: the card, the timers and the clients. Exit 1 when nothing
 * (of the given directories) is served.
 */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = SndfuseCommand.Version.class,
        description = "Show each mount served by a running sndfuse daemon: pid, uptime, options, card, timers, clients.",
        footerHeading = "%nExamples:%n",
        footer = {"  sndfuse status                 every mount served here",
                "  sndfuse status /run/sndfuse    only the service's mount; exit 1 if nothing serves it",
                "%nDaemons are found by the file each one writes while it runs (/run/sndfuse-daemons/PID for root,",
                "else $XDG_RUNTIME_DIR/sndfuse-daemons/PID), kept only while that process lives and its mount is",
                "in this mount namespace's table. Exit status: 0 if a mount is served, 1 if none is."})
final class StatusCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MOUNTPOINT", arity = "0..*", description = "only these mount points (default: all)")
    List<Path> only = new ArrayList<>();

    @Override
    public Integer call() {
        List<Path> wanted = only.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        int served = 0;
        for (DaemonRecord r : DaemonRecord.live()) {
            if (!wanted.isEmpty() && !wanted.contains(r.mount())) {
                continue;
            }
            if (!MountPoint.isMounted(r.mount())) {
                System.out.println(r.mount() + ": pid " + r.pid() + " serves it in another mount namespace");
                continue;
            }
            print(System.out, r);
            served++;
        }
        if (served == 0) {
            System.err.println("sndfuse: nothing is served" + (wanted.isEmpty() ? "" : " at " + joined(wanted)));
            return 1;
        }
        return 0;
    }

    private static void print(PrintStream out, DaemonRecord r) {
        Duration up = Duration.between(r.started(), Instant.now());
        out.printf("%s: pid %d, up %s%n", r.mount(), r.pid(), uptime(up));
        out.println("  options: " + r.options());
        Path proc = r.mount().resolve("proc/asound");
        for (String card : lines(proc.resolve("cards"))) {
            if (card.matches("^\\s*\\d+ \\[.*")) {
                out.println("  card " + card.trim().replaceAll("\\s+", " "));
            }
        }
        for (String pcm : lines(proc.resolve("pcm"))) {
            out.println("  pcm " + pcm);
        }
        List<String> global = new ArrayList<>();
        int pcmTimers = 0;
        List<String> clients = new ArrayList<>();
        String timer = "";
        for (String line : lines(proc.resolve("timers"))) {
            if (line.startsWith("G")) {
                global.add(line.replaceAll("\\s+", " "));
            } else if (line.startsWith("P")) {
                pcmTimers++;
            }
            if (!line.startsWith(" ")) {
                timer = line.substring(0, Math.max(0, line.indexOf(':')));
            } else if (line.contains("Client application")) {
                clients.add("timer " + timer + ": " + line.trim().replace("Client application ", "pid ")
                        .replaceAll("\\s+", " "));
            }
        }
        out.println("  timers: " + String.join("; ", global) + "; " + pcmTimers + " PCM timers");
        clients.addAll(pcmClients(proc));
        out.println("  clients:" + (clients.isEmpty() ? " none" : ""));
        for (String c : clients) {
            out.println("    " + c);
        }
    }

    /** Open PCM substreams: card0/pcmDS/subN/status is "closed" or starts "state: S" / "owner_pid : P". */
    private static List<String> pcmClients(Path proc) {
        List<String> out = new ArrayList<>();
        try (Stream<Path> statuses = Files.find(proc.resolve("card0"), 3,
                (p, a) -> p.getFileName().toString().equals("status"))) {
            for (Path status : statuses.sorted().toList()) {
                List<String> l = lines(status);
                if (l.isEmpty() || l.get(0).startsWith("closed")) {
                    continue;
                }
                String state = l.get(0).replace("state:", "").trim();
                String pid = l.stream().filter(s -> s.startsWith("owner_pid")).map(s -> s.replaceAll(".*:\\s*", ""))
                        .findFirst().orElse("?");
                Path sub = status.getParent();
                out.add(sub.getParent().getFileName() + " " + sub.getFileName() + ": pid " + pid + " " + state);
            }
        } catch (IOException | RuntimeException e) {
            out.add("(cannot read " + proc.resolve("card0") + ": " + e.getMessage() + ")");
        }
        return out;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String uptime(Duration d) {
        long s = d.toSeconds();
        return (s >= 86400 ? s / 86400 + "d " : "") + String.format("%02d:%02d:%02d", s / 3600 % 24, s / 60 % 60, s % 60);
    }

    private static String joined(List<Path> paths) {
        return String.join(" ", paths.stream().map(Path::toString).toList());
    }
}
