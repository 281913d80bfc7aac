package dev.libcontainerd.cli.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.libcontainerd.cli.CliException;
import dev.libcontainerd.cli.spec.Users;
import dev.libcontainerd.oci.LinuxResources;
import dev.libcontainerd.oci.ProcessSpec;
import dev.libcontainerd.oci.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run/exec/update options as spec edits, without a daemon. */
class OptionsTest {

    @Test
    void resourceOptionsGiveOnlyTheLimitsAsked() {
        ResourceOptions o = new ResourceOptions();
        assertThat(o.any()).isFalse();
        assertThat(o.toResources()).isEqualTo(LinuxResources.builder().build());

        o.memory = "64m";
        o.cpus = 1.5;
        o.pidsLimit = 0L;
        LinuxResources r = o.toResources();

        assertThat(r.memoryLimit()).hasValue(64L << 20);
        assertThat(r.cpuPeriod()).hasValue(100_000L);
        assertThat(r.cpuQuota()).hasValue(150_000L);
        assertThat(r.pidsLimit()).hasValue(-1L);
        Spec merged = Spec.linuxDefaults().mergeResources(r).build();
        assertThat(merged.toJson()).contains("\"devices\":[{\"allow\":false,\"access\":\"rwm\"}]");
    }

    @Test
    void badResourceOptionsAreOneLineErrors() {
        ResourceOptions small = new ResourceOptions();
        small.memory = "1m";
        assertThatThrownBy(small::toResources).isInstanceOf(CliException.class).hasMessageContaining("6m");
        ResourceOptions cpus = new ResourceOptions();
        cpus.cpus = 0.0;
        assertThatThrownBy(cpus::toResources).isInstanceOf(CliException.class);
    }

    @Test
    void processOptionsEditTheDefaultProcess(@TempDir Path rootfs) throws Exception {
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(
                rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1001::/home/app:/bin/sh\n");
        ProcessOptions o = new ProcessOptions();
        o.user = "app";
        o.cwd = "/srv";
        o.env = List.of("A=1", "PATH=/bin");
        ProcessSpec.Builder b = ProcessSpec.builderFrom(Spec.linuxDefaults().build());

        o.applyTo(b, List.of("top", "-b"), rootfs);
        ProcessSpec p = b.build();

        assertThat(p.args()).containsExactly("top", "-b");
        assertThat(p.uid()).isEqualTo(1000);
        assertThat(p.gid()).isEqualTo(1001);
        assertThat(p.cwd()).isEqualTo("/srv");
        assertThat(p.env()).containsExactly("PATH=/bin", "A=1");
        assertThat(p.terminal()).isFalse();
        assertThat(p.capabilities()).isNotNull();
        assertThat(Users.home(1000, rootfs)).isEqualTo("/home/app");
        assertThat(Users.home(7, rootfs)).isEqualTo("/");
    }

    @Test
    void badProcessOptionsAreOneLineErrors() {
        ProcessOptions relative = new ProcessOptions();
        relative.cwd = "srv";
        assertThatThrownBy(() -> relative.applyTo(ProcessSpec.builder(), List.of("true"), null))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("absolute");
        ProcessOptions env = new ProcessOptions();
        env.env = List.of("=x");
        assertThatThrownBy(() -> env.applyTo(ProcessSpec.builder(), List.of("true"), null))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("KEY=VALUE");
        ProcessOptions user = new ProcessOptions();
        user.user = "nobody-here";
        assertThatThrownBy(() -> user.applyTo(ProcessSpec.builder(), List.of("true"), null))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("nobody-here");
    }
}
