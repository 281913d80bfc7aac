package dev.libcontainerd.cli.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.libcontainerd.EventInfo;
import dev.libcontainerd.EventType;
import dev.libcontainerd.TimedBackend;
import dev.libcontainerd.cli.CliException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lcd events}: the namespace's task events and container deletes as they happen, one line
 * each, stamped with containerd's time of the event.
 */
@Command(name = "events", description = "Stream container events, one line each, until interrupted.")
public final class EventsCommand extends BaseCommand {
    /** The type word of a container's removal (docker's is "destroy"; containerd's topic is delete). */
    static final String DELETE = "delete";

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
        context().events().addTimed(new TimedBackend() {
            @Override
            public void processEvent(String id, EventType type, EventInfo info, Instant time) {
                if (ids.isEmpty() || ids.contains(id)) {
                    print(json ? json(id, type, info, time) : text(id, type, info, time));
                }
            }

            @Override
            public void containerDeleted(String id, Instant time) {
                if (ids.isEmpty() || ids.contains(id)) {
                    print(json ? deletedJson(id, time) : time + " " + DELETE + " " + id);
                }
            }
        });
        context().client(); // subscribes
        new CountDownLatch(1).await(); // until Ctrl-C or SIGTERM ends the JVM
        return 0;
    }

    private void print(String line) {
        synchronized (System.out) {
            out().println(line);
            out().flush();
        }
    }

    private static String deletedJson(String id, Instant time) {
        ObjectNode n = JSON.createObjectNode();
        n.put("time", time.toString());
        n.put("type", DELETE);
        n.put("container", id);
        return n.toString();
    }

    private static String text(String id, EventType type, EventInfo info, Instant time) {
        StringBuilder b = new StringBuilder()
                .append(time)
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

    private static String json(String id, EventType type, EventInfo info, Instant time) {
        ObjectNode n = JSON.createObjectNode();
        n.put("time", time.toString());
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
