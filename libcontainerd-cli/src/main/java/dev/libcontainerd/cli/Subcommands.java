package dev.libcontainerd.cli;

import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Adds to the root command only the subcommand a command line names: picocli builds a command's
 * whole model (options, mixins, reflection on every field) when it is added, and doing that for
 * every command was most of a short command's start-up. Help, completion and a word that names
 * no command get all of them (help lists them, the error for an unknown one may suggest one);
 * a command line without a command ({@code --version}, a bad global option) gets none.
 */
final class Subcommands {
    /** Commands that read the others: help lists them, completion describes them. */
    private static final Set<String> NEED_ALL = Set.of("help", "completion");

    private Subcommands() {}

    /** Adds the subcommand {@code args} names to {@code root}, or every one when that is needed. */
    static void add(CommandLine root, String[] args) {
        CommandSpec spec = root.getCommandSpec();
        String word = commandWord(spec, args);
        if (word == null && !helpAsked(spec, args)) {
            return;
        }
        Class<?> only = named(word);
        for (Class<?> c : LcdCommand.COMMANDS) {
            // one also listed in @Command(subcommands) is there already: adding it again would fail
            if ((only == null || c == only) && !root.getSubcommands().containsKey(nameOf(c))) {
                root.addSubcommand(c);
            }
        }
    }

    /** The first word that is neither a global option nor its value, or null. */
    static String commandWord(CommandSpec spec, String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("-")) {
                return a;
            }
            if (a.equals("--")) {
                return null;
            }
            OptionSpec o = spec.findOption(a); // null for --opt=value and -nVALUE: no separate value
            if (o != null && o.arity().max() > 0) {
                i++;
            }
        }
        return null;
    }

    private static String nameOf(Class<?> command) {
        Command cmd = command.getAnnotation(Command.class);
        return cmd == null ? null : cmd.name();
    }

    private static boolean helpAsked(CommandSpec spec, String[] args) {
        for (String a : args) {
            OptionSpec o = spec.findOption(a);
            if (o != null && o.usageHelp()) {
                return true;
            }
        }
        return false;
    }

    private static Class<?> named(String word) {
        if (word == null || NEED_ALL.contains(word)) {
            return null;
        }
        for (Class<?> c : LcdCommand.COMMANDS) {
            Command cmd = c.getAnnotation(Command.class);
            if (cmd == null) {
                continue;
            }
            if (cmd.name().equals(word) || Set.of(cmd.aliases()).contains(word)) {
                return c;
            }
        }
        return null;
    }
}
