package dev.libcontainerd.internal.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.errdefs.NotImplementedException;
import dev.libcontainerd.errdefs.SystemException;
import dev.libcontainerd.errdefs.UnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exec protocol against stand-in plugins (scripts in a temp CNI_PATH), and subnet arithmetic. */
class CniPluginTest {
    @TempDir
    Path cni;

    private CniPlugin plugin(String name, String script) throws Exception {
        Path p = cni.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + script + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return new CniPlugin(cni, Duration.ofSeconds(5));
    }

    private static ObjectNode conf(String type) {
        ObjectNode n = CniPlugin.JSON.createObjectNode();
        n.put("cniVersion", "1.0.0").put("name", "t").put("type", type);
        return n;
    }

    @Test
    void parametersGoInTheEnvironmentAndTheConfigOnStdin() throws Exception {
        CniPlugin p = plugin(
                "echoenv",
                "cfg=$(cat); printf '{\"cmd\":\"%s\",\"id\":\"%s\",\"netns\":\"%s\",\"if\":\"%s\","
                        + "\"path\":\"%s\",\"home\":\"%s\",\"cfg\":%s}' \"$CNI_COMMAND\" \"$CNI_CONTAINERID\" \"$CNI_NETNS\" "
                        + "\"$CNI_IFNAME\" \"$CNI_PATH\" \"$HOME\" \"$cfg\"");
        JsonNode r = p.run(CniCommand.ADD, new CniPlugin.Target("c1", "/x/netns", "eth0"), conf("echoenv"));
        assertThat(r.path("cmd").asText()).isEqualTo("ADD");
        assertThat(r.path("id").asText()).isEqualTo("c1");
        assertThat(r.path("netns").asText()).isEqualTo("/x/netns");
        assertThat(r.path("if").asText()).isEqualTo("eth0");
        assertThat(r.path("path").asText()).isEqualTo(cni.toString());
        assertThat(r.path("home").asText()).as("a clean environment").isEmpty();
        assertThat(r.path("cfg").path("type").asText()).isEqualTo("echoenv");
    }

    @Test
    void cniErrorsBecomeTypedExceptions() throws Exception {
        CniPlugin.Target t = new CniPlugin.Target("c1", "", "eth0");
        assertThatThrownBy(() -> plugin("e3", "echo '{\"code\":3,\"msg\":\"gone\"}'; exit 1")
                        .run(CniCommand.DEL, t, conf("e3")))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("gone")
                .hasMessageContaining("CNI error 3");
        assertThatThrownBy(() -> plugin("e7", "echo '{\"code\":7,\"msg\":\"bad\",\"details\":\"why\"}'; exit 1")
                        .run(CniCommand.ADD, t, conf("e7")))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("bad (why)");
        assertThatThrownBy(() -> plugin("e11", "echo '{\"code\":11,\"msg\":\"later\"}'; exit 1")
                        .run(CniCommand.ADD, t, conf("e11")))
                .isInstanceOf(UnavailableException.class);
        assertThatThrownBy(() -> plugin("e1", "echo '{\"code\":1,\"msg\":\"version\"}'; exit 1")
                        .run(CniCommand.ADD, t, conf("e1")))
                .isInstanceOf(NotImplementedException.class);
        assertThatThrownBy(() -> plugin("e999", "echo '{\"code\":999,\"msg\":\"boom\"}'; exit 1")
                        .run(CniCommand.ADD, t, conf("e999")))
                .isInstanceOf(SystemException.class)
                .hasMessageContaining("boom");
        assertThatThrownBy(() -> plugin("raw", "echo oops >&2; exit 2").run(CniCommand.ADD, t, conf("raw")))
                .isInstanceOf(SystemException.class)
                .hasMessageContaining("oops");
        assertThatThrownBy(() -> plugin("junk", "echo not-json").run(CniCommand.ADD, t, conf("junk")))
                .isInstanceOf(SystemException.class)
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> new CniPlugin(cni, Duration.ofSeconds(5)).run(CniCommand.ADD, t, conf("missing")))
                .isInstanceOf(NotImplementedException.class)
                .hasMessageContaining("containernetworking-plugins");
        assertThatThrownBy(() -> new CniPlugin(cni, Duration.ofSeconds(5)).run(CniCommand.ADD, t, conf("../x")))
                .isInstanceOf(NotImplementedException.class);
    }

    @Test
    void aHangingPluginIsKilledAtItsTimeout() throws Exception {
        plugin("hang", "exec sleep 30");
        CniPlugin p = new CniPlugin(cni, Duration.ofMillis(300));
        assertThatThrownBy(() -> p.run(CniCommand.ADD, new CniPlugin.Target("c1", "", "eth0"), conf("hang")))
                .isInstanceOf(SystemException.class)
                .hasMessageContaining("timed out");
    }

    @Test
    void realPluginRefusesAnUnknownCniVersion() {
        Path real = Path.of("/usr/lib/cni");
        Assumptions.assumeTrue(Files.isExecutable(real.resolve("bridge")));
        ObjectNode c = conf("bridge");
        c.put("cniVersion", "99.0.0");
        assertThatThrownBy(() -> new CniPlugin(real, Duration.ofSeconds(10))
                        .run(CniCommand.ADD, new CniPlugin.Target("c1", "/nonexistent", "eth0"), c))
                .isInstanceOf(NotImplementedException.class)
                .hasMessageContaining("CNI error 1");
    }

    @Test
    void subnets() {
        assertThat(Subnet.parse("10.209.0.0/16").gateway()).isEqualTo("10.209.0.1");
        assertThat(Subnet.parse("10.209.0.0/16").overlaps(Subnet.parse("10.209.5.0/24")))
                .isTrue();
        assertThat(Subnet.parse("10.209.5.0/24").overlaps(Subnet.parse("10.209.0.0/16")))
                .isTrue();
        assertThat(Subnet.parse("10.209.0.0/16").overlaps(Subnet.parse("10.210.0.0/16")))
                .isFalse();
        assertThatThrownBy(() -> Subnet.parse("10.209.0.1/16"))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("10.209.0.0/16");
        assertThatThrownBy(() -> Subnet.parse("10.0.0.0/30")).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> Subnet.parse("300.0.0.0/16")).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> Subnet.parse("fd00::/64")).isInstanceOf(InvalidParameterException.class);
        assertThat(NetworkStore.bridgeFor("some-network")).hasSize(14).startsWith("lcd-");
    }
}
