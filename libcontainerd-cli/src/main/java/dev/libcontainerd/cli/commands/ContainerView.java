package dev.libcontainerd.cli.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.libcontainerd.ContainerInfo;
import dev.libcontainerd.Status;
import dev.libcontainerd.TaskInfo;
import dev.libcontainerd.cli.Context;
import dev.libcontainerd.cli.net.NetworkSetup;
import dev.libcontainerd.cli.task.Containers;
import dev.libcontainerd.cli.task.Uptime;
import dev.libcontainerd.network.Attachment;
import dev.libcontainerd.oci.Mount;
import dev.libcontainerd.oci.ProcessSpec;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/** A container as docker's {@code ps} and {@code inspect} show it. */
final class ContainerView {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private final ContainerInfo c;
    private final Optional<TaskInfo> live;
    private final Instant now = Instant.now();

    private final Context ctx;

    ContainerView(Context ctx, ContainerInfo c) {
        this.ctx = ctx;
        this.c = c;
        this.live = Containers.live(c);
    }

    String id() {
        return c.id();
    }

    Instant created() {
        return c.createdAt();
    }

    boolean running() {
        return live.isPresent();
    }

    /** docker's one-word state: created, running, paused, exited. */
    String state() {
        if (c.task().isEmpty()) {
            return "created";
        }
        Status s = c.task().get().status();
        return switch (s) {
            case STOPPED -> "exited";
            case PAUSED, PAUSING -> "paused";
            case CREATED -> "created";
            default -> s.value();
        };
    }

    /** "Up 3 minutes", "Up 2 seconds (Paused)", "Exited (0) 2 seconds ago", "Created". */
    String status() {
        if (c.task().isEmpty() || c.task().get().status() == Status.CREATED) {
            return "Created";
        }
        TaskInfo t = c.task().get();
        if (t.status() == Status.STOPPED) {
            Instant at = t.exitedAt() != null ? t.exitedAt() : now;
            return "Exited (" + t.exitCode() + ") " + Durations.human(Duration.between(at, now)) + " ago";
        }
        String up = Uptime.startOf(t.pid())
                .map(s -> "Up " + Durations.human(Duration.between(s, now)))
                .orElse("Up");
        return t.status() == Status.PAUSED ? up + " (Paused)" : up;
    }

    /** The init process's host pid while it runs, else 0 (never an exited process's stale pid). */
    int pid() {
        return live.map(TaskInfo::pid).orElse(0);
    }

    String command() {
        ProcessSpec p = c.spec().process();
        return p == null ? "" : String.join(" ", p.args());
    }

    String image() {
        if (!c.image().isEmpty()) {
            return ImageResolver.familiar(c.image());
        }
        return c.spec().root() == null ? "" : c.spec().root().path();
    }

    /** docker's NetworkSettings for a container attached through CNI: network, address, ports. */
    private void networkSettings(ObjectNode net) {
        Optional<Attachment> a = new NetworkSetup(ctx).attachmentOf(c.id());
        net.put("Network", a.map(Attachment::network).orElse(""));
        net.put("IPAddress", a.map(Attachment::ipv4).orElse(""));
        ObjectNode ports = net.putObject("Ports");
        a.ifPresent(x -> x.ports()
                .forEach(p -> ports.putArray(
                                p.containerPort() + "/" + p.protocol().name().toLowerCase(Locale.ROOT))
                        .addObject()
                        .put("HostIp", p.hostIp() == null ? "" : p.hostIp())
                        .put("HostPort", String.valueOf(p.hostPort()))));
    }

    /** The row {@code ps --format} templates see. */
    ObjectNode row(boolean noTrunc) {
        ObjectNode n = JSON.createObjectNode();
        String cmd = command();
        n.put("ID", c.id());
        n.put("Names", c.id());
        n.put("Image", image());
        n.put("Command", "\"" + (noTrunc || cmd.length() <= 20 ? cmd : cmd.substring(0, 19) + "…") + "\"");
        n.put("CreatedAt", c.createdAt().toString());
        n.put("RunningFor", Durations.human(Duration.between(c.createdAt(), now)) + " ago");
        n.put("Status", status());
        n.put("State", state());
        n.put("Pid", pid());
        n.put(
                "Labels",
                String.join(
                        ",",
                        c.labels().entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue())
                                .toList()));
        return n;
    }

    /** docker inspect's shape, for the fields lcd has; the full OCI spec under "Spec". */
    ObjectNode inspect() {
        ObjectNode n = JSON.createObjectNode();
        n.put("Id", c.id());
        n.put("Name", "/" + c.id());
        n.put("Created", c.createdAt().toString());
        ProcessSpec p = c.spec().process();
        n.put("Path", p == null || p.args().isEmpty() ? "" : p.args().get(0));
        ArrayNode args = n.putArray("Args");
        if (p != null) {
            p.args().stream().skip(1).forEach(args::add);
        }
        ObjectNode state = n.putObject("State");
        Optional<TaskInfo> t = c.task();
        state.put("Status", state());
        state.put("Running", running() && t.get().status() != Status.PAUSED);
        state.put("Paused", running() && t.get().status() == Status.PAUSED);
        state.put("Pid", pid());
        state.put(
                "ExitCode",
                t.filter(x -> x.status() == Status.STOPPED)
                        .map(TaskInfo::exitCode)
                        .orElse(0));
        state.put(
                "StartedAt",
                live.flatMap(x -> Uptime.startOf(x.pid()))
                        .map(s -> s.isBefore(c.createdAt()) ? c.createdAt() : s) // /proc's boot time is whole seconds
                        .map(Instant::toString)
                        .orElse(ZERO_TIME));
        state.put(
                "FinishedAt",
                t.map(TaskInfo::exitedAt)
                        .filter(x -> x != null && x.getEpochSecond() > 0)
                        .map(Instant::toString)
                        .orElse(ZERO_TIME));
        n.put("Image", image());
        n.put("LogPath", ctx.layout().logFile(ctx.namespace(), c.id()).toString());
        networkSettings(n.putObject("NetworkSettings"));
        ObjectNode config = n.putObject("Config");
        config.put("Hostname", c.spec().hostname() == null ? "" : c.spec().hostname());
        config.put("Tty", p != null && p.terminal());
        ArrayNode env = config.putArray("Env");
        ArrayNode cmd = config.putArray("Cmd");
        if (p != null) {
            p.env().forEach(env::add);
            p.args().forEach(cmd::add);
            config.put("WorkingDir", p.cwd());
            config.put("User", p.uid() + ":" + p.gid());
        }
        ObjectNode labels = config.putObject("Labels");
        c.labels().forEach(labels::put);
        ArrayNode mounts = n.putArray("Mounts");
        for (Mount m : c.spec().mounts()) {
            if ("bind".equals(m.type())
                    || m.options().contains("rbind")
                    || m.options().contains("bind")) {
                ObjectNode o = mounts.addObject();
                o.put("Type", "bind");
                o.put("Source", m.source());
                o.put("Destination", m.destination());
                o.put("RW", !m.options().contains("ro"));
            }
        }
        try {
            n.set("Spec", JSON.readTree(c.spec().toJson()));
        } catch (IOException e) {
            n.putNull("Spec");
        }
        return n;
    }
}
