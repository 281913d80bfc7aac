package dev.libcontainerd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libcontainerd.cli.LcdProcess.Result;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code lcd run -p/--network}, {@code lcd port} and {@code lcd network}, on a network of the
 * test's own (bridge {@code lcdc<n>}, subnet {@code 10.234.<n>.0/24}); only loopback and that
 * bridge are contacted.
 */
class LcdNetworkIT {
    @RegisterExtension
    static final LcdProcess lcd = LcdProcess.perClass();

    private static final int N = (int) (ProcessHandle.current().pid() % 250) + 1;
    private static final String SUBNET = "10.234." + N + ".0/24";
    private static final String BRIDGE = "lcdc" + N;

    @BeforeAll
    static void start() throws Exception {
        boolean plugins = Files.isExecutable(Path.of("/usr/lib/cni/bridge"));
        if ("true".equals(System.getenv("CI")) && !plugins) {
            throw new AssertionError("CNI plugins are not installed but CI=true: the network tests must run");
        }
        Assumptions.assumeTrue(plugins, "CNI plugins are not installed");
    }

    @AfterAll
    static void stop() throws Exception {
        lcd.run("network", "rm", "tnet");
    }

    @Test
    void aPublishedPortReachesTheContainerFromTheHost() throws Exception {
        Result c = lcd.run("network", "create", "--subnet", SUBNET, "--bridge", BRIDGE, "tnet");
        assertThat(c.code()).as(c.err()).isZero();
        assertThat(lcd.run("network", "ls").out())
                .contains("tnet")
                .contains(BRIDGE)
                .contains(SUBNET)
                .contains("none");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Result r = lcd.run(
                "run",
                "-d",
                "--name",
                "web",
                "--network",
                "tnet",
                "-p",
                "127.0.0.1:" + port + ":80",
                "busybox",
                "nc",
                "-ll",
                "-p",
                "80",
                "-e",
                "echo",
                "hello from lcd");
        assertThat(r.code()).as(r.err()).isZero();
        String reply = "";
        for (int i = 0; i < 100 && reply.isEmpty(); i++) {
            reply = read(port);
            Thread.sleep(100);
        }
        assertThat(reply).isEqualTo("hello from lcd\n");
        assertThat(lcd.run("port", "web").out()).isEqualTo("80/tcp -> 127.0.0.1:" + port + "\n");
        assertThat(lcd.run("network", "inspect", "tnet").out())
                .contains("\"web\"")
                .contains("10.234." + N + ".");
        assertThat(lcd.run("inspect", "--format", "{{.NetworkSettings.IPAddress}}", "web")
                        .out())
                .startsWith("10.234." + N + ".");
        assertThat(lcd.run("inspect", "web").out()).contains("\"80/tcp\"").contains("\"HostPort\" : \"" + port + "\"");
        Result busy = lcd.run("network", "rm", "tnet");
        assertThat(busy.code()).isEqualTo(125);
        assertThat(busy.err()).contains("attached");
        Result taken =
                lcd.run("run", "--rm", "--network", "tnet", "-p", "127.0.0.1:" + port + ":81", "busybox", "true");
        assertThat(taken.code()).isEqualTo(125);
        assertThat(taken.err()).contains("already published");

        assertThat(lcd.run("rm", "-f", "web").code()).isZero();
        assertThat(entries(lcd.stateDir().resolve("net/attachments"))).isZero();
        assertThat(entries(lcd.stateDir().resolve("net/ipam/tnet")))
                .as("only host-local's lock file")
                .isLessThanOrEqualTo(2);
        assertThat(lcd.run("port", "web").code()).isEqualTo(125);
        Result rm = lcd.run("network", "rm", "tnet");
        assertThat(rm.code()).as(rm.err()).isZero();
        assertThat(Path.of("/sys/class/net", BRIDGE)).doesNotExist();
    }

    @Test
    void noneHasOnlyLoopbackAndBadInputIsRefused() throws Exception {
        Result r = lcd.run("run", "--rm", "--network", "none", "busybox", "cat", "/proc/net/dev");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("lo:").doesNotContain("eth0");
        Result bad = lcd.run("run", "--rm", "-p", "80:99999", "busybox", "true");
        assertThat(bad.code()).isEqualTo(125);
        assertThat(bad.err()).contains("invalid port spec");
        Result unknown = lcd.run("run", "--rm", "--network", "nosuch", "busybox", "true");
        assertThat(unknown.code()).isEqualTo(125);
        assertThat(unknown.err()).contains("no such network");
        assertThat(lcd.run("ps", "-a", "-q").out()).isBlank();
        assertThat(entries(lcd.stateDir().resolve("net/attachments"))).isZero();
    }

    private static long entries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    private static String read(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(2000);
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
