package org.sndfuse.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes man pages (roff, section 1) from the picocli model: {@code sndfuse(1)} and one
 * {@code sndfuse-COMMAND(1)} per subcommand, with the same synopsis, options and examples as {@code --help},
 * so the two cannot drift apart. The package build runs {@code java -cp sndfuse.jar org.sndfuse.cli.ManPage DIR}.
 */
public final class ManPage {
    private ManPage() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ManPage OUTPUT-DIRECTORY");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        CommandLine root = SndfuseCommand.commandLine();
        String version = String.join(" ", root.getCommandSpec().version());
        write(out, root, version);
    }

    private static void write(Path out, CommandLine cl, String version) throws IOException {
        String name = cl.getCommandSpec().qualifiedName("-");
        Files.writeString(out.resolve(name + ".1"), render(cl, name, version));
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (!sub.getCommandSpec().usageMessage().hidden()) {
                write(out, sub, version);
            }
        }
    }

    static String render(CommandLine cl, String name, String version) {
        CommandSpec spec = cl.getCommandSpec();
        StringBuilder m = new StringBuilder();
        m.append(".TH ").append(name.toUpperCase(java.util.Locale.ROOT)).append(" 1 \"\" \"")
                .append(esc(version)).append("\" \"sndfuse manual\"\n");
        String[] description = spec.usageMessage().description();
        m.append(".SH NAME\n").append(esc(name)).append(" \\- ")
                .append(esc(description.length == 0 ? "" : firstSentence(description[0]))).append('\n');
        CommandLine.Help help = new CommandLine.Help(spec, CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        m.append(".SH SYNOPSIS\n.nf\n").append(esc(help.synopsis(0).strip())).append("\n.fi\n");
        m.append(".SH DESCRIPTION\n");
        for (String d : description) {
            m.append(esc(String.format(d))).append("\n.PP\n");
        }
        if (!spec.positionalParameters().isEmpty()) {
            m.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec p : spec.positionalParameters()) {
                m.append(".TP\n\\fI").append(esc(p.paramLabel())).append("\\fR\n").append(esc(text(p.description(), p.defaultValueString()))).append('\n');
            }
        }
        m.append(".SH OPTIONS\n");
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) {
                continue;
            }
            m.append(".TP\n\\fB").append(esc(String.join(", ", o.names()))).append("\\fR");
            if (o.arity().max() > 0) {
                m.append(o.arity().min() == 0 ? "[=\\fI" : " \\fI").append(esc(o.paramLabel()))
                        .append(o.arity().min() == 0 ? "\\fR]" : "\\fR");
            }
            m.append('\n').append(esc(text(o.description(), o.defaultValueString()))).append('\n');
        }
        Map<String, CommandLine> subs = cl.getSubcommands();
        if (!subs.isEmpty()) {
            m.append(".SH COMMANDS\n");
            for (Map.Entry<String, CommandLine> e : subs.entrySet()) {
                String[] d = e.getValue().getCommandSpec().usageMessage().description();
                m.append(".TP\n\\fB").append(esc(e.getKey())).append("\\fR\n")
                        .append(esc(d.length == 0 ? "" : d[0])).append(" See \\fB")
                        .append(esc(e.getValue().getCommandSpec().qualifiedName("-"))).append("\\fR(1).\n");
            }
        }
        String[] footer = spec.usageMessage().footer();
        if (footer.length > 0) {
            m.append(".SH ").append(esc(String.format(spec.usageMessage().footerHeading()).strip().replaceAll(":$", "")
                    .toUpperCase(java.util.Locale.ROOT))).append("\n.nf\n");
            for (String f : footer) {
                m.append(esc(String.format(f))).append('\n');
            }
            m.append(".fi\n");
        }
        m.append(".SH SEE ALSO\n").append(seeAlso(cl, name)).append('\n');
        return m.toString();
    }

    private static String seeAlso(CommandLine cl, String name) {
        List<String> refs = new ArrayList<>();
        CommandLine root = cl;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        refs.add(root.getCommandName());
        for (CommandLine sub : root.getSubcommands().values()) {
            refs.add(sub.getCommandSpec().qualifiedName("-"));
        }
        refs.remove(name);
        List<String> out = new ArrayList<>();
        for (String r : refs) {
            out.add("\\fB" + esc(r) + "\\fR(1)");
        }
        out.add("\\fBaplay\\fR(1)");
        return String.join(", ", out);
    }

    private static String text(String[] description, String defaultValue) {
        return String.join(" ", description).replace("${DEFAULT-VALUE}", String.valueOf(defaultValue));
    }

    private static String firstSentence(String s) {
        int dot = s.indexOf(". ");
        return dot < 0 ? s.replaceAll("\\.$", "") : s.substring(0, dot);
    }

    /** roff escapes: backslash, hyphens (so they are not broken as hyphenation), and control characters at line start. */
    static String esc(String s) {
        StringBuilder b = new StringBuilder();
        for (String line : s.split("\n", -1)) {
            if (b.length() > 0) {
                b.append('\n');
            }
            String l = line.replace("\\", "\\e").replace("-", "\\-");
            if (l.startsWith(".") || l.startsWith("'")) {
                l = "\\&" + l;
            }
            b.append(l);
        }
        return b.toString();
    }
}
