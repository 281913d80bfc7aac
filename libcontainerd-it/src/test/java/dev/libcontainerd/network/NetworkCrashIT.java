package dev.libcontainerd.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.libcontainerd.Client;
import dev.libcontainerd.ContainerInfo;
import dev.libcontainerd.Status;
import dev.libcontainerd.testing.ChildJvm;
import dev.libcontainerd.testing.ClientTestBase;
import dev.libcontainerd.testing.NetFixture;
import dev.libcontainerd.testing.NetworkChild;
import dev.libcontainerd.testing.RecordingBackend;
import dev.libcontainerd.testing.TestDaemon;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A client JVM killed with containers attached: the next one's reap frees exactly the dead ones. */
class NetworkCrashIT extends ClientTestBase {
    private NetFixture net;

    @AfterEach
    void closeNetworks() {
        if (net != null) {
            net.close();
        }
    }

    @Test
    void reapAfterAKilledClientReleasesExactlyTheDeadContainersAddresses() throws Exception {
        net = NetFixture.open();
        track("live1", "dead1", "dead2");
        client.close(); // the child plays the first client; this process is the next one

        ChildJvm child = ChildJvm.start(
                NetworkChild.class,
                TestDaemon.get().socket().toString(),
                stateDir.toString(),
                ns,
                net.dir.toString(),
                net.bridge,
                net.subnet,
                "live1",
                "dead1",
                "dead2");
        Map<String, String> ips = new HashMap<>();
        int livePort;
        try {
            String[] parts = child.awaitReady();
            for (String part : parts) {
                String[] kv = part.split("[=:]");
                ips.put(kv[0], kv[1]);
            }
            livePort = Integer.parseInt(parts[0].split(":")[1]);
        } finally {
            child.kill(); // SIGKILL: no detach of any kind
        }
        assertThat(net.reservations(Networks.DEFAULT_NETWORK)).containsExactlyInAnyOrderElementsOf(ips.values());
        Set<String> linksBefore = NetFixture.links();

        backend = new RecordingBackend();
        client = Client.create(TestDaemon.get().containerd(), stateDir, ns, backend);
        // two containers are removed by someone who knows nothing of networks
        for (String id : List.of("dead1", "dead2")) {
            client.signalProcess(id, Client.INIT_PROCESS_NAME, 9);
            await().atMost(Duration.ofSeconds(10)).until(() -> client.status(id) == Status.STOPPED);
            client.deleteTask(id);
            client.delete(id);
        }

        try (Networks networks =
                Networks.open(net.dir, NetworkOptions.defaults().withDefaultNetwork(net.bridge, net.subnet))) {
            Set<String> live = client.list().stream().map(ContainerInfo::id).collect(Collectors.toSet());
            assertThat(networks.reap(live)).containsExactlyInAnyOrder("dead1", "dead2");
            assertThat(net.reservations(Networks.DEFAULT_NETWORK)).containsExactly(ips.get("live1"));
            assertThat(networks.attachments())
                    .extracting(Attachment::containerId)
                    .containsExactly("live1");
            Attachment kept = networks.attachment("live1");
            assertThat(kept.ipv4()).isEqualTo(ips.get("live1"));
            networks.check("live1");
            assertThat(NetFixture.links()).hasSize(linksBefore.size() - 2);
            assertThat(NetFixture.iptablesRules())
                    .noneMatch(l -> l.contains("id: \\\"dead"))
                    .anyMatch(l -> l.contains("id: \\\"live1\\\""));
            // the live one still answers, on its bridge address and on its published port
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> read(ips.get("live1"), 80).contains("alive-live1"));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> read("127.0.0.1", livePort).contains("alive-live1"));
            assertThat(networks.reap(live)).isEmpty();
        }
    }

    private static String read(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 1000);
            s.setSoTimeout(2000);
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
