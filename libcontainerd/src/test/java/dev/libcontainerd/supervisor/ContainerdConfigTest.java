package dev.libcontainerd.supervisor;

import static dev.libcontainerd.supervisor.DaemonTestSupport.deleteTree;
import static dev.libcontainerd.supervisor.DaemonTestSupport.newDir;
import static dev.libcontainerd.supervisor.DaemonTestSupport.requireContainerd;
import static dev.libcontainerd.supervisor.DaemonTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The configuration file: its keys, as parsed back, and that containerd accepts it. */
class ContainerdConfigTest {
    private static final String RUNC = "io.containerd.runtime.v1.linux";

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
        assertThat(t.get("state").asText()).isEqualTo(dir.resolve("state/daemon").toString());
        assertThat(t.get("oom_score").asInt()).isEqualTo(-999);
        assertThat(t.get("disabled_plugins")).hasSize(1);
        assertThat(t.get("disabled_plugins").get(0).asText()).isEqualTo(SupervisorOptions.CRI_PLUGIN);
        assertThat(t.at("/grpc/address").asText()).isEqualTo(dir.resolve("state/containerd.sock").toString());
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
                .plugin(RUNC, Map.of("shim_debug", true, "runtime_root", "/run/x",
                        "nested", Map.of("list", List.of(1, 2))))
                .build();
        JsonNode t = writeAndParse(o);

        assertThat(t.get("oom_score").asInt()).isEqualTo(-500);
        assertThat(t.get("disabled_plugins")).extracting(JsonNode::asText)
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
        writeAndParse(o);

        // containerd prints the configuration it loaded, merged with its defaults.
        JsonNode loaded = new TomlMapper().readTree(
                run("containerd", "--config", dir.resolve("containerd.toml").toString(), "config", "dump"));
        assertThat(loaded.get("root").asText()).isEqualTo(dir.resolve("root/daemon").toString());
        assertThat(loaded.get("oom_score").asInt()).isEqualTo(-500);
        assertThat(loaded.at("/grpc/address").asText()).isEqualTo(dir.resolve("state/containerd.sock").toString());
        assertThat(loaded.at("/debug/level").asText()).isEqualTo("debug");
        assertThat(loaded.get("disabled_plugins").get(0).asText()).isEqualTo(SupervisorOptions.CRI_PLUGIN);
        assertThat(loaded.get("plugins").get(RUNC).get("shim_debug").asBoolean()).isTrue();
        assertThat(loaded.get("plugins").get(RUNC).get("runtime_root").asText()).isEqualTo("/run/x");
    }

    private JsonNode writeAndParse(SupervisorOptions o) throws Exception {
        SupervisorPaths p = SupervisorPaths.of(dir.resolve("root"), dir.resolve("state"), o);
        Path file = dir.resolve("containerd.toml");
        new ContainerdConfig(p.daemonRoot(), p.daemonState(), p.socket(), p.debugSocketOrNull(), o)
                .write(file);
        return new TomlMapper().readTree(file.toFile());
    }
}
