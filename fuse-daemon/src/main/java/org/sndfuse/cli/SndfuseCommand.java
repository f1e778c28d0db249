package org.sndfuse.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.sndfuse.rtp.RtpRecvCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code sndfuse}: the top-level command; see {@link MountCommand}, {@link UmountCommand}, {@link StatusCommand}, {@link ExecCommand} and {@link RtpRecvCommand}. */
@Command(name = "sndfuse", mixinStandardHelpOptions = true, versionProvider = SndfuseCommand.Version.class,
        description = "ALSA timer device and snd-aloop loopback card, emulated in userspace over FUSE.",
        footerHeading = "%nExamples:%n",
        footer = {"  mkdir -p /tmp/snd && sndfuse mount /tmp/snd     serve the devices on /tmp/snd (foreground)",
                "  sndfuse exec -- aplay -l                         one program with /dev/snd served by sndfuse",
                "  sndfuse status                                   the mounts served here, their clients",
                "  sndfuse umount /tmp/snd                          stop the daemon serving /tmp/snd",
                "  systemctl start sndfuse                          the packaged service: /run/sndfuse",
                "%nEach command has its own --help; man pages: sndfuse(1), sndfuse-mount(1), ..."})
public final class SndfuseCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    /**
     * The subcommands in help order. picocli builds a command's model by reflection, all of them in about 70 ms
     * of a daemon's start (docs/fuse-transport.md, "Memory and start-up"), so a command line names only the one
     * it runs.
     */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = new LinkedHashMap<>();

    static {
        SUBCOMMANDS.put("mount", MountCommand::new);
        SUBCOMMANDS.put("umount", UmountCommand::new);
        SUBCOMMANDS.put("status", StatusCommand::new);
        SUBCOMMANDS.put("exec", ExecCommand::new);
        SUBCOMMANDS.put("rtp-recv", RtpRecvCommand::new);
    }

    /** The command line for {@code args}: with only the subcommand {@code args[0]} names, else with all. */
    static CommandLine commandLine(String... args) {
        CommandLine cl = new CommandLine(new SndfuseCommand());
        Supplier<Object> only = args.length > 0 ? SUBCOMMANDS.get(args[0]) : null;
        if (only != null) {
            cl.addSubcommand(args[0], only.get());
        } else {
            SUBCOMMANDS.forEach((name, command) -> cl.addSubcommand(name, command.get()));
        }
        CommandLine exec = cl.getSubcommands().get("exec");
        if (exec != null) {
            exec.setStopAtPositional(true); // COMMAND's own options are not exec's
        }
        return cl;
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("mount")) {
            StartupWarmUp.begin(); // beside picocli's model building
        }
        System.exit(commandLine(args).execute(args));
    }

    /** The version from the jar manifest (the Maven project version). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SndfuseCommand.class.getPackage().getImplementationVersion();
            return new String[] {"sndfuse " + (v == null ? "dev" : v)};
        }
    }
}
