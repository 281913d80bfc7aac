package dev.libcontainerd.supervisor;

import static dev.libcontainerd.supervisor.DaemonTestSupport.deleteTree;
import static dev.libcontainerd.supervisor.DaemonTestSupport.newDir;
import static dev.libcontainerd.supervisor.DaemonTestSupport.requireContainerd;
import static dev.libcontainerd.supervisor.DaemonTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.libcontainerd.testing.TestContainerd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The configuration file: its keys, as parsed back, and that containerd accepts it. */
class ContainerdConfigIT {
    private static final String RUNC = "io.containerd.runtime.v1.linux";
    private static final ContainerdVersion V2 = new ContainerdVersion(2, 1, "2.1.9");

    private Path dir;

    @BeforeEach
    void dir() throws Exception {
        dir = newDir("svc");
    }

    @AfterEach
    void cleanUp() throws Exception {
        deleteTree(dir);
    }

    @Test
    void defaultsDisableCriAndSetRootStateAndSocket() throws Exception {
        JsonNode t = writeAndParse(SupervisorOptions.defaults());

        assertThat(t.get("version").asInt()).isEqualTo(2);
        assertThat(t.get("root").asText()).isEqualTo(dir.resolve("root/daemon").toString());
        assertThat(t.get("state").asText())
                .isEqualTo(dir.resolve("state/daemon").toString());
        assertThat(t.get("oom_score").asInt()).isEqualTo(-999);
        assertThat(t.get("disabled_plugins")).hasSize(1);
        assertThat(t.get("disabled_plugins").get(0).asText()).isEqualTo(SupervisorOptions.CRI_PLUGIN);
        assertThat(t.at("/grpc/address").asText())
                .isEqualTo(dir.resolve("state/containerd.sock").toString());
        assertThat(t.at("/grpc/uid").asInt()).isZero();
        assertThat(t.at("/grpc/gid").asInt()).isZero();
        assertThat(t.at("/debug/level").asText()).isEqualTo("info");
        assertThat(t.at("/debug/address").isMissingNode()).isTrue();
        assertThat(t.has("plugins")).isFalse();
        assertThat(Files.getPosixFilePermissions(dir.resolve("containerd.toml")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void writesEveryOption() throws Exception {
        SupervisorOptions o = SupervisorOptions.builder()
                .logLevel(LogLevel.DEBUG)
                .oomScore(-500)
                .disablePlugin("io.containerd.snapshotter.v1.btrfs")
                .debugSocket(true)
                .plugin(
                        RUNC,
                        Map.of("shim_debug", true, "runtime_root", "/run/x", "nested", Map.of("list", List.of(1, 2))))
                .build();
        JsonNode t = writeAndParse(o);

        assertThat(t.get("oom_score").asInt()).isEqualTo(-500);
        assertThat(t.get("disabled_plugins"))
                .extracting(JsonNode::asText)
                .containsExactly(SupervisorOptions.CRI_PLUGIN, "io.containerd.snapshotter.v1.btrfs");
        assertThat(t.at("/debug/level").asText()).isEqualTo("debug");
        assertThat(t.at("/debug/address").asText())
                .isEqualTo(dir.resolve("state/containerd-debug.sock").toString());
        JsonNode runc = t.get("plugins").get(RUNC);
        assertThat(runc.get("shim_debug").asBoolean()).isTrue();
        assertThat(runc.get("runtime_root").asText()).isEqualTo("/run/x");
        assertThat(runc.at("/nested/list")).extracting(JsonNode::asInt).containsExactly(1, 2);
    }

    @Test
    void containerdReadsWhatWeWrite() throws Exception {
        requireContainerd();
        SupervisorOptions o = SupervisorOptions.builder()
                .logLevel(LogLevel.DEBUG)
                .oomScore(-500)
                .plugin(RUNC, Map.of("shim_debug", true, "runtime_root", "/run/x"))
                .build();
        Path binary = DaemonControl.resolveBinary(TestContainerd.binary());
        ContainerdVersion version = ContainerdVersion.of(binary);
        assertThat(version.major()).isEqualTo(TestContainerd.major());
        writeAndParse(o, version);

        // containerd prints the configuration it loaded, merged with its defaults: a file in an
        // older format would come back migrated, with another version number.
        JsonNode loaded = new TomlMapper()
                .readTree(run(
                        binary.toString(),
                        "--config",
                        dir.resolve("containerd.toml").toString(),
                        "config",
                        "dump"));
        assertThat(loaded.get("version").asInt()).isEqualTo(version.configVersion());
        if (version.major() >= 2) {
            assertThat(loaded.get("disabled_plugins"))
                    .extracting(JsonNode::asText)
                    .containsAll(ContainerdConfig.CRI_PLUGINS_V2);
        }
        assertThat(loaded.get("root").asText())
                .isEqualTo(dir.resolve("root/daemon").toString());
        assertThat(loaded.get("oom_score").asInt()).isEqualTo(-500);
        assertThat(loaded.at("/grpc/address").asText())
                .isEqualTo(dir.resolve("state/containerd.sock").toString());
        assertThat(loaded.at("/debug/level").asText()).isEqualTo("debug");
        assertThat(loaded.get("disabled_plugins").get(0).asText()).isEqualTo(SupervisorOptions.CRI_PLUGIN);
        assertThat(loaded.get("plugins").get(RUNC).get("shim_debug").asBoolean())
                .isTrue();
        assertThat(loaded.get("plugins").get(RUNC).get("runtime_root").asText()).isEqualTo("/run/x");
    }

    @Test
    void containerd2GetsVersion3AndLosesEveryCriPlugin() throws Exception {
        JsonNode t = writeAndParse(SupervisorOptions.defaults(), V2);
        assertThat(t.get("version").asInt()).isEqualTo(3);
        assertThat(t.get("disabled_plugins"))
                .extracting(JsonNode::asText)
                .containsExactly(
                        SupervisorOptions.CRI_PLUGIN, "io.containerd.cri.v1.images", "io.containerd.cri.v1.runtime");
        assertThat(t.at("/grpc/address").asText())
                .isEqualTo(dir.resolve("state/containerd.sock").toString());

        // CRI enabled: nothing of it is disabled, on either version
        SupervisorOptions cri = SupervisorOptions.builder()
                .enablePlugin(SupervisorOptions.CRI_PLUGIN)
                .build();
        assertThat(writeAndParse(cri, V2).get("disabled_plugins")).isEmpty();
        assertThat(writeAndParse(cri, ContainerdVersion.UNKNOWN).get("version").asInt())
                .isEqualTo(2);
    }

    @Test
    void versionsAreParsedFromWhatContainerdPrints() {
        assertThat(ContainerdVersion.parse("containerd github.com/containerd/containerd 1.6.20~ds1 1.6.20~ds1-1+b1\n"))
                .contains(new ContainerdVersion(1, 6, "1.6.20~ds1"));
        assertThat(ContainerdVersion.parse("containerd github.com/containerd/containerd v1.7.24 88bf19b\n"))
                .contains(new ContainerdVersion(1, 7, "1.7.24"));
        assertThat(ContainerdVersion.parse("containerd github.com/containerd/containerd/v2 2.1.9+unknown \n"))
                .hasValueSatisfying(v -> assertThat(v.configVersion()).isEqualTo(3));
        assertThat(ContainerdVersion.parse("false: unknown option")).isEmpty();
        assertThat(ContainerdVersion.of(Path.of("/bin/false"))).isEqualTo(ContainerdVersion.UNKNOWN);
    }

    private JsonNode writeAndParse(SupervisorOptions o) throws Exception {
        return writeAndParse(o, ContainerdVersion.UNKNOWN);
    }

    private JsonNode writeAndParse(SupervisorOptions o, ContainerdVersion version) throws Exception {
        SupervisorPaths p = SupervisorPaths.of(dir.resolve("root"), dir.resolve("state"), o);
        Path file = dir.resolve("containerd.toml");
        new ContainerdConfig(p.daemonRoot(), p.daemonState(), p.socket(), p.debugSocketOrNull(), o, version)
                .write(file);
        return new TomlMapper().readTree(file.toFile());
    }
}
