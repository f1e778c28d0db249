package org.sndfuse.cli;

import org.sndfuse.rtp.RtpRecvCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code sndfuse}: the top-level command; see {@link MountCommand}, {@link UmountCommand}, {@link ExecCommand} and {@link RtpRecvCommand}. */
@Command(name = "sndfuse", mixinStandardHelpOptions = true, versionProvider = SndfuseCommand.Version.class,
        description = "ALSA timer device and snd-aloop loopback card, emulated in userspace over FUSE.",
        subcommands = {MountCommand.class, UmountCommand.class, ExecCommand.class, RtpRecvCommand.class})
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
