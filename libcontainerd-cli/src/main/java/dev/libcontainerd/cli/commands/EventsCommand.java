package dev.libcontainerd.cli.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.libcontainerd.EventInfo;
import dev.libcontainerd.EventType;
import dev.libcontainerd.cli.CliException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lcd events}: the namespace's task events as they happen, one line each. */
@Command(name = "events", description = "Stream container events, one line each, until interrupted.")
public final class EventsCommand extends BaseCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "text",
            description = "Output format: text or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Parameters(arity = "0..*", paramLabel = "CONTAINER", description = "Only these containers.")
    List<String> ids = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        boolean json = switch (format) {
            case "json" -> true;
            case "text" -> false;
            default -> throw new CliException("unknown format '" + format + "': use text or json");
        };
        context().events().add((id, type, info) -> {
            if (ids.isEmpty() || ids.contains(id)) {
                String line = json ? json(id, type, info) : text(id, type, info);
                synchronized (System.out) {
                    out().println(line);
                    out().flush();
                }
            }
        });
        context().client(); // subscribes
        new CountDownLatch(1).await(); // until Ctrl-C or SIGTERM ends the JVM
        return 0;
    }

    private static String text(String id, EventType type, EventInfo info) {
        StringBuilder b = new StringBuilder()
                .append(time(type, info))
                .append(' ')
                .append(type.value())
                .append(' ')
                .append(id);
        if (info.processId() != null && !info.processId().equals(id)) {
            b.append(" exec=").append(info.processId());
        }
        if (info.pid() != 0) {
            b.append(" pid=").append(info.pid());
        }
        if (type == EventType.EXIT) {
            b.append(" exitCode=").append(info.exitCode());
        }
        if (info.oomKilled()) {
            b.append(" oomKilled=true");
        }
        return b.toString();
    }

    /**
     * containerd's time of the event where the library passes it on (an exit's {@code exitedAt});
     * the time it arrived otherwise, as EventInfo carries no event timestamp yet.
     */
    private static Instant time(EventType type, EventInfo info) {
        return type == EventType.EXIT && info.exitedAt() != null ? info.exitedAt() : Instant.now();
    }

    private static String json(String id, EventType type, EventInfo info) {
        ObjectNode n = JSON.createObjectNode();
        n.put("time", time(type, info).toString());
        n.put("type", type.value());
        n.put("container", id);
        if (info.processId() != null) {
            n.put("process", info.processId());
        }
        if (info.pid() != 0) {
            n.put("pid", info.pid());
        }
        if (type == EventType.EXIT) {
            n.put("exitCode", info.exitCode());
            if (info.exitedAt() != null) {
                n.put("exitedAt", info.exitedAt().toString());
            }
        }
        n.put("oomKilled", info.oomKilled());
        return n.toString();
    }
}
