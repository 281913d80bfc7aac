package dev.libcontainerd.testing;

import dev.libcontainerd.network.NetworkOptions;
import dev.libcontainerd.network.Networks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Networks for tests: each fixture has its own state dir and its own default network, on a
 * bridge {@code lcdt<n>} with subnet {@code 10.231.<n>.0/24}, so that tests never touch a real
 * default network ({@code lcd0}) or each other. Host inspection helpers (links, iptables,
 * host-local reservations) for leak checks.
 */
public final class NetFixture implements AutoCloseable {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final Path CNI = NetworkOptions.DEFAULT_CNI_PATH;

    public final Path dir;
    public final String bridge;
    public final String subnet;
    public final Networks networks;

    private NetFixture(Path dir, int n) {
        this.dir = dir;
        this.bridge = "lcdt" + n;
        this.subnet = "10.231." + n + ".0/24";
        this.networks = Networks.open(dir, NetworkOptions.defaults().withDefaultNetwork(bridge, subnet));
    }

    /** A fresh fixture; fails under CI=true, skips elsewhere, when the CNI plugins or iptables are missing. */
    public static NetFixture open() {
        requirePlugins();
        try {
            Path dir = Files.createTempDirectory(TestDaemon.get().dir(), "net");
            // spread over 1-250 by pid, so that a leftover of another run rarely has our number
            return new NetFixture(
                    dir, (int) ((SEQ.incrementAndGet() + ProcessHandle.current().pid() * 7) % 250) + 1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void requirePlugins() {
        boolean found = Stream.of("bridge", "host-local", "portmap", "loopback", "firewall")
                .allMatch(p -> Files.isExecutable(CNI.resolve(p)));
        Require.that(found, "the CNI plugins (in " + CNI + ")");
        Require.binary("iptables-save");
    }

    /** host-local's reservations of a network: one file per address. */
    public Set<String> reservations(String network) {
        Set<String> out = new TreeSet<>();
        Path d = dir.resolve("ipam").resolve(network);
        if (Files.isDirectory(d)) {
            try (Stream<Path> s = Files.list(d)) {
                s.map(p -> p.getFileName().toString())
                        .filter(n -> n.matches("[0-9.]+"))
                        .forEach(out::add);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /** Namespace files and attachment dirs under the state dir. */
    public Set<String> attachmentDirs() {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> s = Files.list(dir.resolve("attachments"))) {
            s.map(p -> p.getFileName().toString()).forEach(out::add);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** The host's network devices. */
    public static Set<String> links() {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> s = Files.list(Path.of("/sys/class/net"))) {
            s.map(p -> p.getFileName().toString()).forEach(out::add);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** iptables-save without comments and counters: the rules alone. */
    public static List<String> iptablesRules() {
        List<String> out = new ArrayList<>();
        for (String line : run("iptables-save").split("\n")) {
            if (!line.startsWith("#")) {
                out.add(line.replaceAll("\\[\\d+:\\d+\\]", ""));
            }
        }
        return out;
    }

    /** Runs a host command (no shell) and returns its output; fails on a non-zero exit. */
    public static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Detaches everything, removes the default network (and its bridge), closes. */
    @Override
    public void close() {
        networks.close();
        // a handle of its own: the test may have closed its one
        try (Networks n = Networks.open(dir, NetworkOptions.defaults().withDefaultNetwork(bridge, subnet))) {
            n.reap(List.of());
            n.remove(Networks.DEFAULT_NETWORK);
        }
    }
}
