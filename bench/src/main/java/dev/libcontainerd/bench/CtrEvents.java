package dev.libcontainerd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A {@code ctr events} process watching every namespace for the whole run: containerd's own
 * timestamp of each event (taken where it is published: containerd for container records, the
 * shim for task events), and when ctr printed it here.
 *
 * <p>It serves two purposes without any library internals: the per-step breakdown of both
 * clients' lifecycles from the daemon's side (when containerd published {@code /containers/create},
 * {@code /tasks/create}, ... for each container), and the comparison for the exit latency: the
 * same exits, seen through {@code ctr events}.
 */
final class CtrEvents implements AutoCloseable {
    /** One event: containerd's timestamp, when the line reached this JVM, and its exit time if any. */
    record Seen(Instant published, Instant received, Instant exitedAt) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Go's time.String(): "2006-01-02 15:04:05.999999999", fraction trimmed (UTC here). */
    private static final DateTimeFormatter GO_TIME = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .toFormatter();

    private final Process process;
    private final Thread reader;
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();

    private CtrEvents(Process process) {
        this.process = process;
        this.reader = new Thread(this::read, "bench-ctr-events");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code ctr events} and returns once it is subscribed (it has printed nothing yet, so a probe is used). */
    static CtrEvents start(BenchDaemon daemon) throws IOException, InterruptedException {
        ProcessBuilder pb =
                new ProcessBuilder(daemon.ctrCommand(null, "events")).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("TZ", "UTC"); // ctr prints local time
        Process p = pb.start();
        CtrEvents e = new CtrEvents(p);
        // ctr subscribes right after it starts; a probe container record proves it does
        for (int i = 0; ; i++) {
            String id = "probe-" + i;
            daemon.ctr(Bench.CTR_NS, "container", "create", "--rootfs", daemon.rootfs.toString(), id, "true");
            daemon.ctr(Bench.CTR_NS, "container", "delete", id);
            if (e.await(Bench.CTR_NS, id, "/containers/create", null, 500) != null) {
                return e;
            }
            if (i == 20 || !p.isAlive()) {
                e.close();
                throw new IllegalStateException("ctr events does not report events");
            }
        }
    }

    private void read() {
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                Instant received = Instant.now();
                try {
                    parse(line, received);
                } catch (RuntimeException | IOException e) {
                    System.err.println("ctr events: cannot parse " + line + ": " + e);
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    /** "2026-11-30 15:20:07.534218785 +0000 UTC ns /tasks/exit {json}". */
    private void parse(String line, Instant received) throws IOException {
        String[] f = line.split(" ", 7);
        if (f.length < 7 || !f[2].equals("+0000")) {
            return; // not an event line (ctr runs with TZ=UTC)
        }
        Instant published = LocalDateTime.parse(f[0] + " " + f[1], GO_TIME).toInstant(ZoneOffset.UTC);
        String ns = f[4];
        String topic = f[5];
        JsonNode ev = JSON.readTree(f[6]);
        String container = ev.hasNonNull("container_id")
                ? ev.get("container_id").asText()
                : ev.path("id").asText();
        String process = null;
        if (topic.equals("/tasks/exit")) {
            process = ev.path("id").asText();
        } else if (ev.hasNonNull("exec_id")) {
            process = ev.get("exec_id").asText();
        }
        Instant exitedAt =
                ev.hasNonNull("exited_at") ? Instant.parse(ev.get("exited_at").asText()) : null;
        String key = key(ns, container, topic, process);
        seen.putIfAbsent(key, new Seen(published, received, exitedAt));
        synchronized (this) {
            notifyAll();
        }
    }

    private static String key(String ns, String container, String topic, String process) {
        return ns + "/" + container + topic + (process == null || process.equals(container) ? "" : "#" + process);
    }

    /** The event, if ctr printed it within {@code millis}; {@code process} null for the container's own. */
    Seen await(String ns, String container, String topic, String process, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        String key = key(ns, container, topic, process);
        synchronized (this) {
            Seen s;
            while ((s = seen.get(key)) == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return s;
        }
    }

    /** The event if seen already, else null. */
    Seen get(String ns, String container, String topic, String process) {
        return seen.get(key(ns, container, topic, process));
    }

    /** Forgets a container's events (long runs create thousands). */
    void forget(String ns, String container) {
        String prefix = ns + "/" + container + "/";
        seen.keySet().removeIf(k -> k.startsWith(prefix));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
