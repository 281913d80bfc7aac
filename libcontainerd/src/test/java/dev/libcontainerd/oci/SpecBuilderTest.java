package dev.libcontainerd.oci;

import static dev.libcontainerd.oci.TestJson.q;
import static dev.libcontainerd.oci.TestJson.resource;
import static dev.libcontainerd.oci.TestJson.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.libcontainerd.errdefs.InvalidParameterException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The builder calls a consumer such as the CLI needs beyond the basic setters. */
class SpecBuilderTest {

    @Test
    void editProcessReachesEveryProcessSetterAndKeepsTheRest() {
        Spec spec = Spec.linuxDefaults()
                .editProcess(p -> p.args("top")
                        .consoleSize(new ConsoleSize(100, 30))
                        .oomScoreAdj(7)
                        .rlimits(List.of(new Rlimit("RLIMIT_NPROC", 10, 10))))
                .build();

        ProcessSpec p = spec.process();
        assertThat(p.args()).containsExactly("top");
        assertThat(p.consoleSize()).isEqualTo(new ConsoleSize(100, 30));
        assertThat(p.oomScoreAdj()).hasValue(7);
        assertThat(p.rlimits()).containsExactly(new Rlimit("RLIMIT_NPROC", 10, 10));
        assertThat(p.capabilities().bounding()).hasSize(14);
        assertThat(p.env()).containsExactly(LinuxDefaults.DEFAULT_PATH);
        assertThat(Spec.builder().editProcess(b -> b.cwd("/")).build().toJson())
                .isEqualTo(q("{'process':{'cwd':'/'}}"));
    }

    @Test
    void editProcessKeepsUnknownFieldsOfTheProcess() {
        Spec spec = Spec.fromJson(resource("full-spec.json")).toBuilder()
                .editProcess(p -> p.args("true"))
                .build();

        assertThat(tree(spec.toJson()).at("/process/user/x-user-note").asText()).isEqualTo("kept");
    }

    @Test
    void addDefaultEnvSetsOnlyWhatIsMissing() {
        ProcessSpec p = ProcessSpec.builder()
                .env(List.of("HOME=/home/u", "A=1"))
                .addDefaultEnv("HOME=/root")
                .addDefaultEnv("TERM=xterm")
                .build();

        assertThat(p.env()).containsExactly("HOME=/home/u", "A=1", "TERM=xterm");
        assertThat(Spec.linuxDefaults()
                        .addDefaultEnv("PATH=/bin")
                        .build()
                        .process()
                        .env())
                .containsExactly(LinuxDefaults.DEFAULT_PATH);
    }

    @Test
    void maskedAndReadonlyPathsCanBeReplacedOrRemoved() {
        Spec spec = Spec.linuxDefaults()
                .maskedPaths(List.of("/proc/kcore"))
                .readonlyPaths(null)
                .build();

        assertThat(spec.linux().maskedPaths()).containsExactly("/proc/kcore");
        assertThat(spec.linux().readonlyPaths()).isEmpty();
        assertThat(spec.toJson()).doesNotContain("readonlyPaths");
    }

    @Test
    void badEditsAreInvalidParameter() {
        assertThatThrownBy(() -> Spec.builder().editProcess(null)).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> Spec.builder().editProcess(p -> p.user(0, -1)))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("gid");
        assertThatThrownBy(() -> Spec.builder().addDefaultEnv(null)).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> Spec.builder().maskedPaths(Arrays.asList("/a", null)))
                .isInstanceOf(InvalidParameterException.class);
    }
}
