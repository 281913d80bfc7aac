package dev.libcontainerd.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.libcontainerd.Client;
import dev.libcontainerd.Status;
import dev.libcontainerd.errdefs.ConflictException;
import dev.libcontainerd.errdefs.ContainerdException;
import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.errdefs.SystemException;
import dev.libcontainerd.oci.Spec;
import dev.libcontainerd.testing.Capture;
import dev.libcontainerd.testing.ClientTestBase;
import dev.libcontainerd.testing.NetFixture;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Containers on CNI networks, for real: namespaces, veths, iptables, connections on loopback and the test bridge. */
class NetworkIT extends ClientTestBase {
    private NetFixture net;
    private Networks networks;

    @BeforeEach
    void openNetworks() {
        net = NetFixture.open();
        networks = net.networks;
    }

    @AfterEach
    void closeNetworks() {
        // ClientTestBase's cleanup runs after this one; detaching first is fine: a DEL under a
        // running container only takes its interface away
        if (net != null) {
            net.close();
        }
    }

    /** Attaches, creates and starts a container running {@code args}; output in {@code cap}. */
    private Attachment run(String id, AttachOptions options, Capture cap, String... args) {
        Attachment a = networks.attach(id, options);
        Spec spec = a.applyTo(spec(id, false, args));
        client.create(id, spec, null);
        client.start(id, null, false, cap);
        return a;
    }

    private void remove(String id) {
        try {
            client.signalProcess(id, Client.INIT_PROCESS_NAME, 9);
            await().atMost(Duration.ofSeconds(10)).until(() -> client.status(id) == Status.STOPPED);
        } catch (ContainerdException e) {
            // exited already
        }
        client.deleteTask(id);
        client.delete(id);
        networks.detach(id);
    }

    @Test
    void twoContainersOnTheDefaultNetworkReachEachOtherByIp() {
        String a = id("srv");
        String b = id("cli");
        Attachment sa =
                run(a, AttachOptions.defaults(), new Capture(), "nc", "-ll", "-p", "80", "-e", "echo", "hello-from-a");
        assertThat(sa.ipv4()).startsWith(net.subnet.substring(0, net.subnet.lastIndexOf('.')));
        assertThat(sa.netns()).startsWith(net.dir);
        Capture out = new Capture();
        // the server may not listen yet when the client connects: retry inside the container
        run(
                b,
                AttachOptions.defaults(),
                out,
                "sh",
                "-c",
                "for i in $(seq 50); do r=$(nc -w 2 " + sa.ipv4() + " 80 </dev/null); "
                        + "[ -n \"$r\" ] && echo \"$r\" && exit 0; sleep 0.1; done; exit 1");
        assertThat(backend.awaitExit(b, b).exitCode()).isEqualTo(0);
        assertThat(out.awaitEof().out()).contains("hello-from-a");
    }

    @Test
    void aPublishedPortAnswersOnLoopback() throws Exception {
        String id = id("web");
        Attachment a = run(
                id,
                AttachOptions.builder().publish("127.0.0.1::80").build(),
                new Capture(),
                "nc",
                "-ll",
                "-p",
                "80",
                "-e",
                "echo",
                "hello-host");
        PortMapping p = a.ports().get(0);
        assertThat(p.hostPort()).isPositive();
        assertThat(p.hostIp()).isEqualTo("127.0.0.1");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> readLine("127.0.0.1", p.hostPort()).contains("hello-host"));
        assertThat(networks.attachment(id).ports()).containsExactly(p);
        networks.check(id);
    }

    private static String readLine(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 1000);
            s.setSoTimeout(2000);
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void noneHasOnlyLoopback() {
        String id = id("none");
        Capture out = new Capture();
        Attachment a =
                run(id, AttachOptions.builder().network(Networks.NONE_NETWORK).build(), out, "cat", "/proc/net/dev");
        assertThat(a.kind()).isEqualTo(NetworkKind.NONE);
        assertThat(a.addresses()).isEmpty();
        backend.awaitExit(id, id);
        assertThat(interfaces(out.awaitEof().out())).containsExactly("lo");
    }

    @Test
    void hostSeesTheHostsInterfaces() throws Exception {
        String id = id("host");
        Capture out = new Capture();
        Attachment a =
                run(id, AttachOptions.builder().network(Networks.HOST_NETWORK).build(), out, "cat", "/proc/net/dev");
        assertThat(a.netns()).isNull();
        backend.awaitExit(id, id);
        assertThat(interfaces(out.awaitEof().out())).isEqualTo(interfaces(Files.readString(Path.of("/proc/net/dev"))));
    }

    private static Set<String> interfaces(String procNetDev) {
        return Arrays.stream(procNetDev.split("\n"))
                .filter(l -> l.contains(":"))
                .map(l -> l.substring(0, l.indexOf(':')).trim())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void resolvConfHostsAndHostnameAreTheContainersOwn() {
        String id = id("dns");
        Capture out = new Capture();
        Attachment a = run(
                id,
                AttachOptions.builder()
                        .hostname("db.example")
                        .dns("192.0.2.53")
                        .dnsSearch("example")
                        .build(),
                out,
                "sh",
                "-c",
                "cat /etc/resolv.conf /etc/hosts; hostname; touch /etc/hosts || echo ro");
        backend.awaitExit(id, id);
        String s = out.awaitEof().out();
        assertThat(s)
                .contains("nameserver 192.0.2.53\n")
                .contains("search example\n")
                .contains(a.ipv4() + "\tdb.example\n")
                .contains("127.0.0.1\tlocalhost")
                .endsWith("db.example\nro\n");
    }

    @Test
    void fiftyAttachedAndDeletedLeaveNothingBehind() throws Exception {
        // one round first: the bridge and the plugins' shared chains stay by design
        String warm = id("warm");
        run(warm, AttachOptions.builder().publish("127.0.0.1::80").build(), new Capture(), "sleep", "100");
        remove(warm);
        Set<String> links = NetFixture.links();
        List<String> rules = NetFixture.iptablesRules();
        assertThat(net.reservations(Networks.DEFAULT_NETWORK)).isEmpty();
        assertThat(net.attachmentDirs()).isEmpty();

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ids.add(id("many"));
        }
        // attaches in parallel: host-local, the state lock and port picking must hold
        List<Attachment> attached = ids.parallelStream()
                .map(id -> networks.attach(
                        id, AttachOptions.builder().publish("127.0.0.1::80").build()))
                .collect(Collectors.toList());
        assertThat(attached.stream().map(Attachment::ipv4).distinct()).hasSize(50);
        assertThat(attached.stream().map(x -> x.ports().get(0).hostPort()).distinct())
                .hasSize(50);
        assertThat(net.reservations(Networks.DEFAULT_NETWORK)).hasSize(50);
        assertThat(NetFixture.links()).hasSize(links.size() + 50);
        for (Attachment a : attached) {
            client.create(a.containerId(), a.applyTo(spec(a.containerId(), false, "sleep", "100")), null);
            client.start(a.containerId(), null, false, new Capture());
        }
        for (String id : ids) {
            remove(id);
        }
        assertThat(NetFixture.links()).isEqualTo(links);
        assertThat(NetFixture.iptablesRules()).isEqualTo(rules);
        assertThat(net.reservations(Networks.DEFAULT_NETWORK)).isEmpty();
        assertThat(net.attachmentDirs()).isEmpty();
        assertThat(networks.attachments()).isEmpty();
    }

    @Test
    void badInputIsRefusedWithTypedErrorsAndLeavesNothing() throws Exception {
        Set<String> links = NetFixture.links();
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress("127.0.0.1", 0));
            String spec = "127.0.0.1:" + busy.getLocalPort() + ":80";
            assertThatThrownBy(() -> networks.attach(
                            "busy", AttachOptions.builder().publish(spec).build()))
                    .isInstanceOf(ConflictException.class)
                    .hasMessageContaining("in use");
        }
        assertThatThrownBy(() -> PortMapping.parse("8080:99999")).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> PortMapping.parse("web:80")).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> PortMapping.parse("80/sctp")).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> networks.attach(
                        "x", AttachOptions.builder().network("nosuchnet").build()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> networks.attach(
                        "x",
                        AttachOptions.builder()
                                .network(Networks.NONE_NETWORK)
                                .publish("80")
                                .build()))
                .isInstanceOf(InvalidParameterException.class);
        // TEST-NET-3: binding to it fails locally, nothing is sent
        assertThatThrownBy(() -> networks.attach(
                        "x",
                        AttachOptions.builder().publish("203.0.113.7:8080:80").build()))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("not an address of this host");
        assertThatThrownBy(() -> networks.attach("../x", AttachOptions.defaults()))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> networks.create("overlap", net.subnet.replace(".0/24", ".128/25")))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("overlaps network");
        assertThatThrownBy(() -> networks.create("bad", "10.1.2.3/16")).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> networks.create("host", "10.232.0.0/24")).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> networks.detach("never")).isInstanceOf(NotFoundException.class);
        assertThat(net.attachmentDirs()).isEmpty();
        assertThat(net.reservations(Networks.DEFAULT_NETWORK)).isEmpty();
        assertThat(NetFixture.links()).isEqualTo(links);
        assertThat(networks.list())
                .extracting(Network::name)
                .containsExactlyInAnyOrder(Networks.DEFAULT_NETWORK, Networks.HOST_NETWORK, Networks.NONE_NETWORK);

        // the same host port twice
        Attachment first = networks.attach(
                "p1", AttachOptions.builder().publish("127.0.0.1::80").build());
        String again = "127.0.0.1:" + first.ports().get(0).hostPort() + ":81";
        assertThatThrownBy(() -> networks.attach(
                        "p2", AttachOptions.builder().publish(again).build()))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("already published");
        assertThatThrownBy(() -> networks.attach("p1", AttachOptions.defaults()))
                .isInstanceOf(ConflictException.class);
        assertThat(net.attachmentDirs()).containsExactly("p1");
        networks.detach("p1");
    }

    @Test
    void aSubnetOverlappingAHostRouteIsRefused() throws Exception {
        String route = null;
        for (String line : Files.readAllLines(Path.of("/proc/net/route"))
                .subList(1, Files.readAllLines(Path.of("/proc/net/route")).size())) {
            String[] f = line.trim().split("\\s+");
            if (!f[7].equals("00000000") && !f[0].startsWith("lcdt")) {
                route = f[0];
                break;
            }
        }
        Assumptions.assumeTrue(route != null, "the host has no non-default route");
        String dev = route;
        String cidr = NetFixture.run("ip", "-4", "-o", "addr", "show", "dev", dev)
                .trim()
                .split("\\s+")[3];
        String[] ipAndPrefix = cidr.split("/");
        String[] o = ipAndPrefix[0].split("\\.");
        String containing = o[0] + "." + o[1] + ".0.0/16";
        assertThatThrownBy(() -> networks.create("clash", containing))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("route");
    }

    @Test
    void namedNetworksAreCreatedInspectedAndRemoved() {
        String sub = net.subnet.replace("10.231.", "10.232.");
        Network n = networks.create("named", sub);
        assertThat(n.bridge()).startsWith("lcd-").hasSizeLessThanOrEqualTo(15);
        assertThat(networks.inspect("named")).isEqualTo(n);
        assertThatThrownBy(() -> networks.create("named", "10.233.0.0/24")).isInstanceOf(ConflictException.class);
        String id = id("named");
        Attachment a = run(id, AttachOptions.builder().network("named").build(), new Capture(), "sleep", "100");
        assertThat(a.ipv4()).startsWith(sub.substring(0, sub.lastIndexOf('.')));
        assertThat(NetFixture.links()).contains(n.bridge());
        assertThatThrownBy(() -> networks.remove("named")).isInstanceOf(ConflictException.class);
        remove(id);
        networks.remove("named");
        assertThat(NetFixture.links()).doesNotContain(n.bridge());
        assertThatThrownBy(() -> networks.inspect("named")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> networks.remove("named")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> networks.remove("none")).isInstanceOf(ConflictException.class);
    }

    @Test
    void reapKeepsLiveAndYoungAttachments() {
        networks.attach("young", AttachOptions.defaults());
        networks.attach("alive", AttachOptions.defaults());
        assertThat(networks.reap(List.of("alive"), Duration.ofMinutes(1))).isEmpty();
        assertThat(networks.reap(List.of("alive"))).containsExactly("young");
        assertThat(networks.attachments()).extracting(Attachment::containerId).containsExactly("alive");
        assertThat(net.reservations(Networks.DEFAULT_NETWORK)).hasSize(1);
        assertThatThrownBy(() -> networks.reap(List.of(), Duration.ofSeconds(-1)))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void checkNoticesAMissingInterface() {
        Attachment a = networks.attach("chk", AttachOptions.defaults());
        networks.check("chk");
        NetFixture.run("nsenter", "--net=" + a.netns(), "ip", "link", "delete", "eth0");
        assertThatThrownBy(() -> networks.check("chk")).isInstanceOf(SystemException.class);
        networks.detach("chk");
        assertThat(net.reservations(Networks.DEFAULT_NETWORK)).isEmpty();
    }
}
