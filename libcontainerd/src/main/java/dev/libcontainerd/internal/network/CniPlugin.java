package dev.libcontainerd.internal.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.libcontainerd.errdefs.NotImplementedException;
import dev.libcontainerd.errdefs.SystemException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one CNI plugin binary per the CNI spec's execution protocol: parameters in {@code CNI_*}
 * environment variables, the network configuration on stdin, the result (or an error object) as
 * JSON on stdout. The binary is executed directly, with no shell, and a clean environment.
 * Java has no maintained CNI library (libcni is Go), and the protocol is this small.
 */
final class CniPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(CniPlugin.class);
    static final ObjectMapper JSON = new ObjectMapper();
    // iptables, which the bridge, portmap and firewall plugins run, is found through PATH.
    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final Path cniPath;
    private final Duration timeout;

    CniPlugin(Path cniPath, Duration timeout) {
        this.cniPath = cniPath;
        this.timeout = timeout;
    }

    /** Parameters of one run (CNI_CONTAINERID, CNI_NETNS, CNI_IFNAME). */
    record Target(String containerId, String netns, String ifName) {}

    /**
     * Runs {@code config}'s plugin ({@code config.type}) and returns its parsed stdout (null when
     * it printed nothing, as DEL and CHECK may).
     */
    JsonNode run(CniCommand command, Target target, ObjectNode config) {
        String type = config.path("type").asText();
        Path binary = cniPath.resolve(type);
        String what = "CNI " + type + " " + command + " for container " + target.containerId();
        if (type.isEmpty() || type.contains("/") || !Files.isExecutable(binary)) {
            throw new NotImplementedException(what + ": plugin " + binary + " is not installed"
                    + " (Debian: apt-get install containernetworking-plugins)");
        }
        ProcessBuilder pb = new ProcessBuilder(binary.toString());
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", PATH);
        env.put("CNI_COMMAND", command.name());
        env.put("CNI_CONTAINERID", target.containerId());
        env.put("CNI_NETNS", target.netns() == null ? "" : target.netns());
        env.put("CNI_IFNAME", target.ifName());
        env.put("CNI_PATH", cniPath.toString());
        byte[] stdin;
        try {
            stdin = JSON.writeValueAsBytes(config);
        } catch (IOException e) {
            throw new SystemException(what + ": cannot encode configuration", e);
        }
        long t0 = System.nanoTime();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new SystemException(what + ": cannot start " + binary + ": " + e.getMessage(), e);
        }
        CompletableFuture<byte[]> out = drain(p.getInputStream());
        CompletableFuture<byte[]> err = drain(p.getErrorStream());
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin);
        } catch (IOException e) {
            // the plugin may exit before reading (bad env); its exit status tells why
            LOG.debug("{}: writing the configuration: {}", what, e.getMessage());
        }
        int status;
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new SystemException(what + " timed out after " + timeout.toSeconds() + " s");
            }
            status = p.exitValue();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new SystemException(what + " interrupted", e);
        }
        String stdout = new String(out.join(), StandardCharsets.UTF_8);
        String stderr = new String(err.join(), StandardCharsets.UTF_8);
        LOG.debug("{}: exit {} in {} ms", what, status, (System.nanoTime() - t0) / 1_000_000);
        if (!stderr.isBlank()) {
            LOG.debug("{} stderr: {}", what, stderr.strip());
        }
        JsonNode parsed = parse(stdout);
        if (status != 0) {
            throw CniErrors.of(what, parsed, status, stderr);
        }
        if (parsed == null && !stdout.isBlank()) {
            throw new SystemException(what + ": result is not JSON: " + stdout.strip());
        }
        return parsed;
    }

    private static JsonNode parse(String stdout) {
        if (stdout.isBlank()) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(stdout);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static CompletableFuture<byte[]> drain(InputStream s) {
        // Both pipes are read at once on threads of their own (not the common pool, which a
        // blocking read could starve), so a chatty plugin never blocks on a full pipe.
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        Thread t = new Thread(
                () -> {
                    try (s) {
                        f.complete(s.readAllBytes());
                    } catch (IOException e) {
                        f.complete(new byte[0]);
                    }
                },
                "lcd-cni-pipe");
        t.setDaemon(true);
        t.start();
        return f;
    }
}
