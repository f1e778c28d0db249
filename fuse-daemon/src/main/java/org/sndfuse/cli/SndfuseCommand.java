package org.sndfuse.cli;

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
                "%nEach command has its own --help; man pages: sndfuse(1), sndfuse-mount(1), ..."},
        subcommands = {MountCommand.class, UmountCommand.class, StatusCommand.class, ExecCommand.class, RtpRecvCommand.class})
public final class SndfuseCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new SndfuseCommand());
        cl.getSubcommands().get("exec").setStopAtPositional(true); // COMMAND's own options are not exec's
        int code = cl.execute(args);
        System.exit(code);
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
