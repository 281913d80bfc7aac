package dev.libcontainerd.cli;

import dev.libcontainerd.Containerd;
import dev.libcontainerd.cli.state.Layout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the connection to the daemon a command will use on a second thread while the main one
 * parses the command line. Both are mostly class initialisation (picocli's annotations; Netty,
 * gRPC and protobuf), about 0.1 s each, and a machine with two cores does them side by side.
 * Only for commands that talk to containerd, and only when the daemon's socket is already
 * there: starting the private daemon stays with {@link Context#containerd()}, under its lock.
 * A connection the command does not take (another socket after all) is closed.
 */
final class Preconnect {
    private static final Logger LOG = LoggerFactory.getLogger(Preconnect.class);
    private static final Set<String> COMMANDS = Set.of(
            "run",
            "create",
            "exec",
            "ps",
            "start",
            "stop",
            "restart",
            "rm",
            "kill",
            "inspect",
            "wait",
            "pause",
            "resume",
            "top",
            "stats",
            "update",
            "attach",
            "rename",
            "images",
            "pull",
            "rmi",
            "checkpoint",
            "port");

    private final Path socket;
    private final CompletableFuture<Containerd> connection;

    private Preconnect(Path socket) {
        this.socket = socket;
        this.connection = new CompletableFuture<>();
        Thread t = new Thread(
                () -> {
                    try {
                        connection.complete(Containerd.connect(socket));
                    } catch (RuntimeException | Error e) {
                        connection.completeExceptionally(e);
                    }
                },
                "lcd-preconnect");
        t.setDaemon(true);
        t.start();
    }

    /** Starts connecting for {@code args}, or returns null when the command needs no connection now. */
    static Preconnect start(String[] args) {
        Path socket = socket(args);
        return socket != null && Files.exists(socket) ? new Preconnect(socket) : null;
    }

    /**
     * The socket the command in {@code args} will talk to, read from the global options before
     * it as {@link LcdCommand} reads them; null for a command that needs no daemon or options
     * this quick look does not follow.
     */
    static Path socket(String[] args) {
        Path address = null;
        Path state = null;
        Path root = null;
        String command = null;
        for (int i = 0; i < args.length && command == null; i++) {
            String a = args[i];
            int eq = a.indexOf('=');
            String name = a.startsWith("--") && eq > 0 ? a.substring(0, eq) : a;
            switch (name) {
                case "--address", "--state-dir", "--root", "--namespace", "-n", "--containerd" -> {
                    String value;
                    if (eq > 0 && a.startsWith("--")) {
                        value = a.substring(eq + 1);
                    } else if (i + 1 < args.length) {
                        value = args[++i];
                    } else {
                        return null;
                    }
                    switch (name) {
                        case "--address" -> address = Path.of(value);
                        case "--state-dir" -> state = Path.of(value);
                        case "--root" -> root = Path.of(value);
                        default -> {}
                    }
                }
                case "--debug" -> {}
                default -> command = a;
            }
        }
        if (command == null || !COMMANDS.contains(command)) {
            return null;
        }
        try {
            Path socket = address;
            if (socket == null && System.getenv("LCD_ADDRESS") != null) {
                socket = Path.of(System.getenv("LCD_ADDRESS"));
            }
            if (socket == null) {
                socket = Layout.resolve(state, root).daemonState().resolve("containerd.sock");
            }
            return socket.toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            return null; // a bad path: the command's own parsing says so
        }
    }

    /**
     * The connection to {@code socket} if that is the one opened here and it answered; null
     * otherwise (the caller connects itself).
     */
    Containerd take(Path wanted) {
        Containerd c;
        try {
            c = connection.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            LOG.debug("early connection to {} failed: {}", socket, e.getCause().toString());
            return null;
        }
        if (socket.equals(wanted.toAbsolutePath().normalize())) {
            return c;
        }
        c.close();
        return null;
    }

    /** Closes the connection if nobody took it. */
    void discard() {
        connection.thenAccept(Containerd::close);
    }
}
