package dev.libcontainerd.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.libcontainerd.errdefs.InvalidParameterException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SupervisorOptionsTest {
    @Test
    void defaults() {
        SupervisorOptions o = SupervisorOptions.defaults();
        assertThat(o.binary()).isEqualTo("containerd");
        assertThat(o.logLevel()).isEqualTo(LogLevel.INFO);
        assertThat(o.oomScore()).isEqualTo(-999);
        assertThat(o.disabledPlugins()).containsExactly(SupervisorOptions.CRI_PLUGIN);
        assertThat(o.debugSocketEnabled()).isFalse();
        assertThat(o.pluginConfig()).isEmpty();
        assertThat(o.socket()).isEmpty();
        assertThat(o.unresponsiveLimit()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.stopTimeout()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void internalTimingsHaveTheirDefaultsAndAreValidated() {
        SupervisorTimings t = SupervisorTimings.DEFAULTS;
        assertThat(t.startTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(t.healthCheckInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(t.healthCheckTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(t.restartBackoffMin()).isEqualTo(Duration.ofMillis(100));
        assertThat(t.restartBackoffMax()).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> t.withHealthChecks(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> new SupervisorTimings(
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(1)))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void criCanBeEnabled() {
        assertThat(SupervisorOptions.builder()
                        .enablePlugin(SupervisorOptions.CRI_PLUGIN)
                        .build()
                        .disabledPlugins())
                .isEmpty();
    }

    @Test
    void pluginConfigIsCopiedDeeplyAndUnmodifiable() {
        List<Object> list = new ArrayList<>(List.of("a"));
        Map<String, Object> table = new HashMap<>(Map.of("list", list));
        SupervisorOptions o = SupervisorOptions.builder().plugin("p", table).build();
        list.add("b");
        table.put("x", 1);

        assertThat(o.pluginConfig().get("p")).containsOnlyKeys("list");
        assertThat(o.pluginConfig().get("p").get("list")).isEqualTo(List.of("a"));
        assertThatThrownBy(() -> o.pluginConfig().get("p").put("y", 2))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> o.disabledPlugins().add("z")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toBuilderKeepsEveryValue() {
        SupervisorOptions o = SupervisorOptions.builder()
                .binary("/usr/bin/containerd")
                .logLevel(LogLevel.WARN)
                .oomScore(10)
                .debugSocket(Path.of("/tmp/d.sock"))
                .socket(Path.of("/tmp/c.sock"))
                .plugin("p", Map.of("k", "v"))
                .unresponsiveLimit(Duration.ofSeconds(3))
                .stopTimeout(Duration.ofSeconds(4))
                .build();
        assertThat(o.toBuilder().build()).usingRecursiveComparison().isEqualTo(o);
    }

    @Test
    void rejectsBadValues() {
        var b = SupervisorOptions.builder();
        assertThatThrownBy(() -> b.oomScore(-1001)).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> b.binary(" ")).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> b.stopTimeout(Duration.ZERO)).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> b.unresponsiveLimit(Duration.ofSeconds(-1)))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> b.plugin("p", Map.of("k", new Object())))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("p.k");
        assertThatThrownBy(() -> SupervisorOptions.builder()
                        .plugin(SupervisorOptions.CRI_PLUGIN, Map.of())
                        .build())
                .isInstanceOf(InvalidParameterException.class);
    }
}
