package dev.libcontainerd.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The build's training run for the class-data archive: every command once, in one JVM, so the
 * class list it leaves ({@code -XX:DumpLoadedClassList}), and the archive {@code ./lcd} dumps
 * from it, hold the classes of every command, whichever the user runs first. Runs against a
 * private daemon in a scratch state dir, which {@code ./lcd} stops and deletes afterwards; its
 * output is discarded.
 */
public final class Training {
    private Training() {}

    /** Runs the training; the one argument is a scratch directory (the caller stops its daemon and removes it). */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/lcd-training");
        String[] global = {"--state-dir", dir.toString()};
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        System.setOut(quiet);
        System.setErr(quiet);
        int failures = 0;
        try {
            List<String[]> commands = new ArrayList<>();
            commands.add(new String[] {"--version"});
            commands.add(new String[] {"--help"});
            for (String c : new String[] {
                "run",
                "create",
                "exec",
                "ps",
                "stop",
                "rm",
                "logs",
                "inspect",
                "kill",
                "start",
                "restart",
                "wait",
                "stats",
                "top",
                "events",
                "update",
                "pause",
                "resume",
                "checkpoint",
                "info",
                "version",
                "daemon",
                "completion"
            }) {
                commands.add(new String[] {c, "--help"});
            }
            commands.add(new String[] {"no-such-command"});
            commands.add(new String[] {"ps", "-a"});
            commands.add(new String[] {"run", "--rm", "busybox", "true"});
            commands.add(new String[] {"run", "--rm", "busybox", "nosuchcommand"});
            commands.add(new String[] {"run", "-d", "--init", "--name", "lcd-training", "busybox", "sleep", "60"});
            commands.add(new String[] {"exec", "lcd-training", "true"});
            commands.add(new String[] {"ps", "--format", "{{.ID}} {{.Status}}"});
            commands.add(new String[] {"inspect", "-f", "{{.State.Pid}}", "lcd-training"});
            commands.add(new String[] {"top", "lcd-training"});
            commands.add(new String[] {"stats", "--no-stream", "lcd-training"});
            commands.add(new String[] {"update", "--memory", "64m", "lcd-training"});
            commands.add(new String[] {"pause", "lcd-training"});
            commands.add(new String[] {"resume", "lcd-training"});
            commands.add(new String[] {"kill", "-s", "USR1", "lcd-training"});
            commands.add(new String[] {"stop", "-t", "1", "lcd-training"});
            commands.add(new String[] {"logs", "--tail", "1", "lcd-training"});
            commands.add(new String[] {"wait", "lcd-training"});
            commands.add(new String[] {"rm", "-f", "lcd-training"});
            commands.add(new String[] {"completion", "bash"});
            // no 'daemon stop' here: this JVM's supervisor would start it again; ./lcd stops it
            // with a second JVM once this one has exited and written the archive
            for (String[] c : commands) {
                String[] all = Stream.concat(Stream.of(global), Stream.of(c)).toArray(String[]::new);
                int code = Main.run(all);
                if (code != 0 && !c[0].equals("no-such-command") && !(c.length > 3 && c[3].equals("nosuchcommand"))) {
                    failures++;
                    err.println("lcd training: '" + String.join(" ", c) + "' exited " + code);
                }
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        // the archive is recorded whatever happened: a partial one is still faster than none
        err.println("lcd: class-data archive trained on every command"
                + (failures > 0 ? " (" + failures + " failed)" : ""));
    }
}
