package dev.libcontainerd.cli.commands;

import dev.libcontainerd.cli.CliException;
import dev.libcontainerd.cli.Context;
import dev.libcontainerd.cli.LcdCommand;
import java.io.PrintStream;
import java.util.List;
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

    /** One container's part of a command that takes several. */
    interface PerContainer {
        void run(String id);
    }

    /**
     * Runs {@code step} for each id as docker does with several containers: a failure is one
     * {@code lcd:} line on stderr and the next id still runs.
     *
     * @return how many ids failed
     */
    static int eachContainer(List<String> ids, PerContainer step) {
        int failures = 0;
        for (String id : ids) {
            try {
                step.run(id);
            } catch (CliException e) {
                System.err.println("lcd: " + e.getMessage());
                failures++;
            }
        }
        return failures;
    }
}
