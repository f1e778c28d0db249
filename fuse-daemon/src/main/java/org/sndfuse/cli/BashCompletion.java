package org.sndfuse.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;

/**
 * Writes the bash completion script with picocli's generator, over the whole command tree of
 * {@link SndfuseCommand#commandLine} (the annotations name no subcommands: a start builds only its own). The
 * package build runs {@code java -cp sndfuse.jar org.sndfuse.cli.BashCompletion FILE}.
 */
public final class BashCompletion {
    private BashCompletion() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: BashCompletion OUTPUT-FILE");
            System.exit(2);
        }
        Files.writeString(Path.of(args[0]), AutoComplete.bash("sndfuse", SndfuseCommand.commandLine()));
    }
}
