package dev.libcontainerd.cli.commands;

import dev.libcontainerd.cli.Context;
import dev.libcontainerd.cli.LcdCommand;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** A subcommand of {@code lcd}: returns its exit code, reaches the shared {@link Context}. */
abstract class BaseCommand implements Callable<Integer> {
    @ParentCommand
    LcdCommand parent;

    @Option(names = "--help", usageHelp = true, description = "Show this help.")
    boolean help;

    /** The shared context. */
    Context context() {
        return parent.context();
    }

    /** Where results go; flushed by line. */
    static PrintStream out() {
        return System.out;
    }
}
