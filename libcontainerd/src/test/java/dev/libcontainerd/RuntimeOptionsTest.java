package dev.libcontainerd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RuntimeOptionsTest {

    @Test
    void defaultsAreTheShimsDefaults() {
        RuntimeOptions o = RuntimeOptions.builder().build();

        assertThat(o.binaryName()).isEmpty();
        assertThat(o.root()).isEmpty();
        assertThat(o.criuPath()).isEmpty();
        assertThat(o.shimCgroup()).isEmpty();
        assertThat(o.systemdCgroup()).isFalse();
        assertThat(o.noPivotRoot()).isFalse();
        assertThat(o.noNewKeyring()).isFalse();
        assertThat(o.ioUid()).isZero();
        assertThat(o.ioGid()).isZero();
    }

    @Test
    void builderSetsEveryOptionAndToBuilderKeepsThem() {
        RuntimeOptions o = RuntimeOptions.builder()
                .binaryName("crun")
                .root("/run/crun")
                .systemdCgroup(true)
                .criuPath("/usr/sbin/criu")
                .noPivotRoot(true)
                .noNewKeyring(true)
                .shimCgroup("/shims")
                .ioUid(1000)
                .ioGid(1001)
                .build();

        assertThat(o.binaryName()).hasValue("crun");
        assertThat(o.root()).hasValue("/run/crun");
        assertThat(o.criuPath()).hasValue("/usr/sbin/criu");
        assertThat(o.shimCgroup()).hasValue("/shims");
        assertThat(o.systemdCgroup()).isTrue();
        assertThat(o.noPivotRoot()).isTrue();
        assertThat(o.noNewKeyring()).isTrue();
        assertThat(o.ioUid()).isEqualTo(1000);
        assertThat(o.ioGid()).isEqualTo(1001);
        assertThat(o.toBuilder().build()).isEqualTo(o).hasSameHashCodeAs(o);
        assertThat(o.toBuilder().ioGid(7).build()).isNotEqualTo(o);
    }

    @Test
    void emptyAndAbsentStringsAreTheSameOption() {
        RuntimeOptions empty = RuntimeOptions.builder()
                .binaryName("")
                .root("")
                .criuPath("")
                .shimCgroup("")
                .build();
        RuntimeOptions direct =
                new RuntimeOptions(null, Optional.of(""), false, Optional.empty(), false, false, null, 0, 0);

        assertThat(empty).isEqualTo(RuntimeOptions.builder().build());
        assertThat(direct).isEqualTo(empty);
        assertThat(direct.binaryName()).isEmpty();
        assertThat(direct.root()).isEmpty();
    }
}
