package dev.libcontainerd.cli.options;

import dev.libcontainerd.cli.CliException;
import dev.libcontainerd.cli.spec.Users;
import dev.libcontainerd.oci.ConsoleSize;
import dev.libcontainerd.oci.ProcessSpec;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** How a process runs: terminal, stdin, environment, directory, user. Shared by run and exec. */
public final class ProcessOptions {
    @Option(
            names = {"-i", "--interactive"},
            description = "Keep stdin open and forward it.")
    public boolean interactive;

    @Option(
            names = {"-t", "--tty"},
            description = "Run the process on a terminal.")
    public boolean tty;

    @Option(
            names = {"-e", "--env"},
            paramLabel = "KEY=VALUE",
            description = "Set an environment variable (repeatable); KEY alone copies it from here.")
    List<String> env = new ArrayList<>();

    @Option(
            names = "--env-file",
            paramLabel = "FILE",
            description = "Read environment variables from a file: KEY=VALUE lines, # comments (repeatable).")
    List<Path> envFiles = new ArrayList<>();

    @Option(
            names = {"-w", "--cwd", "--workdir"},
            paramLabel = "DIR",
            description = "Working directory inside the container.")
    String cwd;

    @Option(
            names = {"-u", "--user"},
            paramLabel = "USER[:GROUP]",
            description = "User to run as: name or uid, optionally with group or gid.")
    String user;

    /**
     * Applies these options and {@code args} to a process.
     *
     * @param args the command; null or empty keeps the process's own
     * @param rootfs the container's rootfs, to look user names up in; null when unknown
     */
    public void applyTo(ProcessSpec.Builder process, List<String> args, Path rootfs) {
        if (args != null && !args.isEmpty()) {
            process.args(args);
        }
        applyTerminal(process);
        if (cwd != null) {
            process.cwd(cwd());
        }
        if (user != null) {
            Users.apply(process, user, rootfs);
        }
        envEntries().forEach(process::addEnv);
    }

    /**
     * Applies {@code -t} (terminal, its size and {@code TERM}) only: for a container from an
     * image, whose environment, directory and user come from the image with {@link
     * #envEntries()}, {@link #cwd()} and {@link #user()} as overrides.
     */
    public void applyTerminal(ProcessSpec.Builder process) {
        process.terminal(tty);
        if (tty) {
            // The pty gets the local size when it is made; a resize after start would race
            // with a first command typed at the prompt.
            ConsoleSize size = ttySize();
            if (size != null) {
                process.consoleSize(size);
            }
            process.addDefaultEnv("TERM=" + System.getenv().getOrDefault("TERM", "xterm"));
        }
    }

    /** {@code -w}: an absolute path, or null when not given. */
    public String cwd() {
        if (cwd != null && !cwd.startsWith("/")) {
            throw new CliException("--cwd must be an absolute path, not '" + cwd + "'");
        }
        return cwd;
    }

    /** {@code -u} as given, or null. */
    public String user() {
        return user;
    }

    /**
     * The {@code --env-file} then {@code -e} entries as {@code KEY=VALUE} ({@code -e} wins, as in
     * docker); a bare {@code KEY} is copied from here, or dropped when unset here.
     */
    public List<String> envEntries() {
        List<String> all = new ArrayList<>();
        for (Path f : envFiles) {
            all.addAll(readEnvFile(f));
        }
        all.addAll(env);
        List<String> out = new ArrayList<>();
        for (String e : all) {
            if (e.contains("=")) {
                if (e.indexOf('=') == 0) {
                    throw new CliException("invalid environment variable '" + e + "' (use KEY=VALUE)");
                }
                out.add(e);
            } else if (System.getenv(e) != null) {
                out.add(e + "=" + System.getenv(e));
            }
        }
        return out;
    }

    /** docker's env-file format: one KEY=VALUE (or KEY, copied from here) a line; # starts a comment. */
    static List<String> readEnvFile(Path file) {
        try {
            List<String> out = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String l = line.stripLeading();
                if (!l.isEmpty() && !l.startsWith("#")) {
                    out.add(l);
                }
            }
            return out;
        } catch (IOException e) {
            throw new CliException("cannot read env file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The size of the controlling terminal, or null when there is none. */
    private static ConsoleSize ttySize() {
        File tty = new File("/dev/tty");
        if (!tty.canRead()) {
            return null;
        }
        try {
            Process p = new ProcessBuilder("stty", "size")
                    .redirectInput(tty)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0) {
                return null;
            }
            String[] f = out.split("\\s+");
            int rows = Integer.parseInt(f[0]);
            int cols = Integer.parseInt(f[1]);
            return rows > 0 && cols > 0 ? new ConsoleSize(cols, rows) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
