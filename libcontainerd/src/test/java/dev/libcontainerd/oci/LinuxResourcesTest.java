package dev.libcontainerd.oci;

import static dev.libcontainerd.oci.TestJson.q;
import static dev.libcontainerd.oci.TestJson.resource;
import static dev.libcontainerd.oci.TestJson.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.libcontainerd.errdefs.InvalidParameterException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LinuxResourcesTest {
    private static final String RESOURCES =
            tree(resource("full-spec.json")).at("/linux/resources").toString();

    @Test
    void roundTripKeepsEveryField() {
        LinuxResources r = LinuxResources.fromJson(RESOURCES);

        assertThat(tree(r.toJson())).isEqualTo(tree(RESOURCES));
        assertThat(tree(r.toBuilder().build().toJson())).isEqualTo(tree(RESOURCES));
        assertThat(r.toJson()).contains("\"burst\":18446744073709551615", "\"x-memory\":\"kept\"");
    }

    @Test
    void accessorsReadTheLimits() {
        LinuxResources r = LinuxResources.fromJson(RESOURCES);

        assertThat(r.memoryLimit()).hasValue(536870912L);
        assertThat(r.memoryReservation()).hasValue(268435456L);
        assertThat(r.memorySwap()).hasValue(-1L); // 2^64-1 in the JSON
        assertThat(r.cpuShares()).hasValue(1024L);
        assertThat(r.cpuQuota()).hasValue(50000L);
        assertThat(r.cpuPeriod()).hasValue(100000L);
        assertThat(r.cpus()).hasValue("0-1");
        assertThat(r.cpuMems()).hasValue("0");
        assertThat(r.pidsLimit()).hasValue(4096L);
        assertThat(r.unified()).containsEntry("memory.high", "400000000");
    }

    @Test
    void absentLimitsAreEmpty() {
        LinuxResources r = LinuxResources.fromJson("{}");

        assertThat(r.memoryLimit()).isEmpty();
        assertThat(r.memorySwap()).isEmpty();
        assertThat(r.cpuShares()).isEmpty();
        assertThat(r.cpuQuota()).isEmpty();
        assertThat(r.cpuPeriod()).isEmpty();
        assertThat(r.cpus()).isEmpty();
        assertThat(r.pidsLimit()).isEmpty();
        assertThat(r.unified()).isEmpty();
        assertThat(r).isEqualTo(LinuxResources.builder().build());
    }

    @Test
    void builderSettersShowInTheJson() {
        LinuxResources r = LinuxResources.builder()
                .memoryLimit(Long.MAX_VALUE)
                .memoryReservation(1 << 20)
                .memorySwap(-1)
                .cpuShares(512)
                .cpuQuota(20000)
                .cpuPeriod(100000)
                .cpus("0,2")
                .cpuMems("0")
                .pidsLimit(64)
                .unified(Map.of("memory.high", "max"))
                .build();

        assertThat(tree(r.toJson()))
                .isEqualTo(tree(q("{'memory':{'limit':9223372036854775807,"
                        + "'reservation':1048576,'swap':-1},'cpu':{'shares':512,'quota':20000,"
                        + "'period':100000,'cpus':'0,2','mems':'0'},'pids':{'limit':64},"
                        + "'unified':{'memory.high':'max'}}")));
        assertThat(r)
                .isEqualTo(LinuxResources.fromJson(r.toJson()))
                .hasSameHashCodeAs(LinuxResources.fromJson(r.toJson()));
        assertThat(r.memoryLimit()).hasValue(Long.MAX_VALUE);
    }

    @Test
    void toBuilderChangesOneFieldAndKeepsTheRest() {
        LinuxResources r = LinuxResources.fromJson(RESOURCES).toBuilder()
                .memoryLimit(1024)
                .cpus(null)
                .build();

        assertThat(r.memoryLimit()).hasValue(1024L);
        assertThat(r.cpus()).isEmpty();
        assertThat(r.toJson()).contains("\"x-memory\":\"kept\"", "\"hugepageLimits\"", "\"x-resources\"");
    }

    @Test
    void unsignedSettersRejectNegativeValues() {
        assertThatThrownBy(() -> LinuxResources.builder().cpuShares(-1)).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> LinuxResources.builder().cpuPeriod(-1)).isInstanceOf(InvalidParameterException.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "x",
                "[]",
                "{'memory':5}",
                "{'memory':{'limit':'1g'}}",
                "{'memory':{'limit':1.0}}",
                "{'memory':{'limit':18446744073709551616}}",
                "{'cpu':{'period':-1}}",
                "{'cpu':{'cpus':0}}",
                "{'pids':{'limit':true}}",
                "{'devices':[{'access':1}]}",
                "{'unified':{'a':1}}",
                "{'hugepageLimits':[{'limit':'x'}]}"
            })
    void badInputIsInvalidParameter(String json) {
        assertThatThrownBy(() -> LinuxResources.fromJson(q(json))).isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void nullInputIsInvalidParameter() {
        assertThatThrownBy(() -> LinuxResources.fromJson(null)).isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void errorNamesTheField() {
        assertThatThrownBy(() -> LinuxResources.fromJson(q("{'cpu':{'quota':'x'}}")))
                .hasMessageContaining("\"linux.resources.cpu.quota\"");
    }
}
