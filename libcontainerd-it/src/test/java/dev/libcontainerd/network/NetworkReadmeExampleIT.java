package dev.libcontainerd.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libcontainerd.Client;
import dev.libcontainerd.Containerd;
import dev.libcontainerd.Status;
import dev.libcontainerd.Stdio;
import dev.libcontainerd.oci.Spec;
import dev.libcontainerd.testing.NetFixture;
import dev.libcontainerd.testing.Rootfs;
import dev.libcontainerd.testing.TestDaemon;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's networking example, run as written except that the networks are opened with the
 * test's own bridge and subnet instead of the defaults.
 */
class NetworkReadmeExampleIT {

    @Test
    void theReadmeNetworkExampleRuns() throws Exception {
        Path socket = TestDaemon.get().socket();
        String rootfs = Rootfs.busybox().toString();
        Path stateDir = Files.createTempDirectory(TestDaemon.get().dir(), "readme");
        String reply;
        try (NetFixture fixture = NetFixture.open()) {
            // ---- README example starts here ----
            try (Containerd containerd = Containerd.connect(socket);
                    Client client = Client.create(containerd, stateDir, "example", (id, type, info) -> {});
                    Networks networks = fixture.networks) { // README: Networks.open(Path.of("/run/example-net"))
                Attachment net = networks.attach(
                        "web",
                        AttachOptions.builder()
                                .publish("127.0.0.1::80") // a free port on the host's loopback
                                .hostname("web")
                                .build());
                Spec spec = Spec.linuxDefaults("example", "web")
                        .rootPath(rootfs)
                        .rootReadonly(true)
                        .args("nc", "-ll", "-p", "80", "-e", "echo", "hello from a container")
                        .build();
                client.create("web", net.applyTo(spec), null); // its netns, resolv.conf, hosts
                client.start("web", null, Stdio.none());
                int port = net.ports().get(0).hostPort();
                reply = connect("127.0.0.1", port); // the container answers the host
                client.signalProcess("web", Client.INIT_PROCESS_NAME, 9);
                waitStopped(client, "web");
                client.deleteTask("web");
                client.delete("web");
                networks.detach("web"); // address, veth, iptables rules
            }
            // ---- README example ends here ----
        }
        assertThat(reply).isEqualTo("hello from a container\n");
    }

    /** Retries until the server inside the container listens. */
    private static String connect(String host, int port) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            try (Socket s = new Socket(host, port)) {
                String r = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!r.isEmpty()) {
                    return r;
                }
            } catch (IOException e) {
                // not yet
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return "";
    }

    private static void waitStopped(Client client, String id) throws InterruptedException {
        for (int i = 0; i < 100 && client.status(id) != Status.STOPPED; i++) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }
}
