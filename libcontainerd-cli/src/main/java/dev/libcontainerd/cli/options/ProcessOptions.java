package dev.libcontainerd.cli.options;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.libcontainerd.cli.CliException;
import dev.libcontainerd.cli.spec.Users;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** How a process runs: terminal, stdin, environment, directory, user. Shared by run and exec. */
public final class ProcessOptions {
    @Option(names = {"-i", "--interactive"}, description = "Keep stdin open and forward it.")
    public boolean interactive;

    @Option(names = {"-t", "--tty"}, description = "Run the process on a terminal.")
    public boolean tty;

    @Option(names = {"-e", "--env"}, paramLabel = "KEY=VALUE",
            description = "Set an environment variable (repeatable); KEY alone copies it from here.")
    List<String> env = new ArrayList<>();

    @Option(names = {"-w", "--cwd", "--workdir"}, paramLabel = "DIR",
            description = "Working directory inside the container.")
    String cwd;

    @Option(names = {"-u", "--user"}, paramLabel = "USER[:GROUP]",
            description = "User to run as: name or uid, optionally with group or gid.")
    String user;

    /**
     * Applies these options and {@code args} to an OCI process object.
     *
     * @param rootfs the container's rootfs, to look user names up in; null when unknown
     */
    public void applyTo(ObjectNode process, List<String> args, Path rootfs) {
        if (args != null && !args.isEmpty()) {
            ArrayNode a = process.putArray("args");
            args.forEach(a::add);
        }
        if (!process.has("args") || process.get("args").isEmpty()) {
            throw new CliException("no command given: say what to run, e.g. 'sh'");
        }
        process.put("terminal", tty);
        if (tty) {
            // The pty gets the local size when it is made; a resize after start would race
            // with a first command typed at the prompt.
            int[] size = ttySize();
            if (size != null) {
                process.putObject("consoleSize").put("height", size[0]).put("width", size[1]);
            }
        }
        if (cwd != null) {
            if (!cwd.startsWith("/")) {
                throw new CliException("--cwd must be an absolute path, not '" + cwd + "'");
            }
            process.put("cwd", cwd);
        }
        if (user != null) {
            Users.apply(process, user, rootfs);
        }
        Map<String, String> vars = new LinkedHashMap<>();
        process.path("env").forEach(e -> put(vars, e.asText()));
        if (tty && !vars.containsKey("TERM")) {
            vars.put("TERM", System.getenv().getOrDefault("TERM", "xterm"));
        }
        for (String e : env) {
            if (e.contains("=")) {
                put(vars, e);
            } else if (System.getenv(e) != null) {
                vars.put(e, System.getenv(e));
            }
        }
        ArrayNode out = process.putArray("env");
        vars.forEach((k, v) -> out.add(k + "=" + v));
    }

    private static void put(Map<String, String> vars, String kv) {
        int eq = kv.indexOf('=');
        if (eq <= 0) {
            throw new CliException("invalid environment variable '" + kv + "' (use KEY=VALUE)");
        }
        vars.put(kv.substring(0, eq), kv.substring(eq + 1));
    }

    /** Rows and columns of the controlling terminal, or null when there is none. */
    private static int[] ttySize() {
        java.io.File tty = new java.io.File("/dev/tty");
        if (!tty.canRead()) {
            return null;
        }
        try {
            Process p = new ProcessBuilder("stty", "size").redirectInput(tty)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0) {
                return null;
            }
            String[] f = out.split("\\s+");
            int rows = Integer.parseInt(f[0]);
            int cols = Integer.parseInt(f[1]);
            return rows > 0 && cols > 0 ? new int[] {rows, cols} : null;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
