package dev.libcontainerd.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.oci.LinuxNamespace;
import dev.libcontainerd.oci.Mount;
import dev.libcontainerd.oci.Spec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Port specs, attach options and the spec edit of an attachment: no root, no plugins. */
class ValuesTest {
    @Test
    void portSpecsInDockersForms() {
        assertThat(PortMapping.parse("8080:80")).isEqualTo(new PortMapping(null, 8080, 80, Protocol.TCP));
        assertThat(PortMapping.parse("127.0.0.1:8080:80/udp"))
                .isEqualTo(new PortMapping("127.0.0.1", 8080, 80, Protocol.UDP));
        assertThat(PortMapping.parse("127.0.0.1::80")).isEqualTo(new PortMapping("127.0.0.1", 0, 80, Protocol.TCP));
        assertThat(PortMapping.parse("80")).isEqualTo(new PortMapping(null, 0, 80, Protocol.TCP));
        assertThat(PortMapping.parse("53/UDP").protocol()).isEqualTo(Protocol.UDP);
        assertThat(PortMapping.parse("[::1]:8080:80")).isEqualTo(new PortMapping("::1", 8080, 80, Protocol.TCP));
        assertThat(PortMapping.parse("[::1]:8080:80").toString()).isEqualTo("[::1]:8080:80/tcp");
        assertThat(PortMapping.parse("10.0.0.1:1:2").toString()).isEqualTo("10.0.0.1:1:2/tcp");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "abc",
                "80:",
                "0",
                "65536",
                "8080:0",
                "70000:80",
                "80/sctp",
                "80/",
                "host.example:80:80",
                "1.2.3:80:80",
                "256.1.1.1:80:80",
                "8080-8081:80",
                "1:2:3:4",
                " 80 / tcp"
            })
    void invalidPortSpecsAreRefused(String spec) {
        assertThatThrownBy(() -> PortMapping.parse(spec))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("port spec");
    }

    @Test
    void nullPortSpecIsRefused() {
        assertThatThrownBy(() -> PortMapping.parse(null)).isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void attachOptionsAreChecked() {
        AttachOptions d = AttachOptions.defaults();
        assertThat(d.network()).isEqualTo(Networks.DEFAULT_NETWORK);
        assertThat(d.ports()).isEmpty();
        assertThatThrownBy(() -> AttachOptions.builder().hostname("bad_name").build())
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> AttachOptions.builder().hostname("-x").build())
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> AttachOptions.builder().dns("dns.example").build())
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> AttachOptions.builder().dnsSearch("a b").build())
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> AttachOptions.builder()
                        .dnsOption("ndots:1\nnameserver 1.1.1.1")
                        .build())
                .isInstanceOf(InvalidParameterException.class);
        AttachOptions o = AttachOptions.builder()
                .network("n1")
                .publish("8080:80")
                .hostname("web.local")
                .dns("192.0.2.53")
                .dns("2001:db8::53")
                .dnsSearch("local")
                .dnsOption("ndots:2")
                .build();
        assertThat(o.ports()).containsExactly(PortMapping.tcp(8080, 80));
        assertThat(o.dnsServers()).containsExactly("192.0.2.53", "2001:db8::53");
    }

    @Test
    void networkOptionsAreChecked() {
        assertThatThrownBy(() -> NetworkOptions.defaults().withDefaultNetwork("a-name-that-is-too-long", "10.0.0.0/24"))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> NetworkOptions.defaults().withDefaultNetwork("br/0", "10.0.0.0/24"))
                .isInstanceOf(InvalidParameterException.class);
        assertThat(NetworkOptions.defaults().defaultBridge()).isEqualTo("lcd0");
    }

    @Test
    void applyToJoinsTheNamespaceAndMountsTheFilesReadOnly() {
        Spec base = Spec.linuxDefaults("ns", "c1")
                .args("true")
                .addMount(Mount.bind("/elsewhere", "/etc/hosts", false))
                .build();
        Attachment a = new Attachment(
                "c1",
                "bridge",
                NetworkKind.BRIDGE,
                Path.of("/state/attachments/c1/netns"),
                List.of(new CniInterface("eth0", "02:00:00:00:00:01", "/state/attachments/c1/netns")),
                List.of(new IpAddress("eth0", "10.209.0.2/16", "10.209.0.1")),
                List.of(),
                "web",
                Path.of("/state/attachments/c1/resolv.conf"),
                Path.of("/state/attachments/c1/hosts"));
        Spec s = a.applyTo(base);
        assertThat(s.linux().namespaces()).contains(new LinuxNamespace("network", "/state/attachments/c1/netns"));
        assertThat(s.linux().namespaces())
                .filteredOn(n -> n.type().equals("network"))
                .hasSize(1);
        assertThat(s.mounts())
                .filteredOn(m -> m.destination().equals("/etc/hosts"))
                .containsExactly(Mount.bind("/state/attachments/c1/hosts", "/etc/hosts", true));
        assertThat(s.mounts()).contains(Mount.bind("/state/attachments/c1/resolv.conf", "/etc/resolv.conf", true));
        assertThat(s.hostname()).isEqualTo("web");
        assertThat(a.ipv4()).isEqualTo("10.209.0.2");
        assertThat(a.addresses().get(0).address()).isEqualTo("10.209.0.2");

        Attachment host = new Attachment(
                "c1",
                "host",
                NetworkKind.HOST,
                null,
                List.of(),
                List.of(),
                List.of(),
                null,
                Path.of("/r"),
                Path.of("/h"));
        Spec h = host.applyTo(base);
        assertThat(h.linux().namespaces()).noneMatch(n -> n.type().equals("network"));
        assertThat(h.hostname()).isEqualTo(base.hostname());
        assertThat(host.ipv4()).isNull();
    }
}
