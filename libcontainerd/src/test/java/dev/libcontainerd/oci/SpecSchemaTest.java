package dev.libcontainerd.oci;

import static dev.libcontainerd.oci.TestJson.object;
import static dev.libcontainerd.oci.TestJson.q;
import static dev.libcontainerd.oci.TestJson.resource;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What this package builds is a {@code config.json} as the runtime-spec's JSON Schema defines it. */
class SpecSchemaTest {

    @Test
    void linuxDefaultsIsValid() {
        assertThat(RuntimeSpecSchema.errors(Spec.linuxDefaults().build().toJson()))
                .isEmpty();
        assertThat(RuntimeSpecSchema.errors(
                        Spec.linuxDefaults("default", "c1").build().toJson()))
                .isEmpty();
    }

    @Test
    void aSpecUsingEveryBuilderSetterIsValid() {
        ProcessSpec exec = ProcessSpec.builder().args("top").cwd("/").build();
        Spec spec = Spec.linuxDefaults("lcd", "box")
                .ociVersion("1.0.2")
                .args("sh", "-c", "echo hi")
                .env(List.of("PATH=/bin"))
                .addEnv("TERM=xterm")
                .addDefaultEnv("HOME=/root")
                .cwd("/work")
                .user(1000, 100)
                .terminal(true)
                .hostname("box")
                .rootPath("/var/lib/rootfs")
                .rootReadonly(true)
                .addMount(Mount.bind("/srv", "/srv", true))
                .addMount(Mount.of("/tmp", "tmpfs", "tmpfs", "nosuid", "size=64m"))
                .removeMount("/dev/mqueue")
                .annotations(Map.of("a", "1"))
                .annotation("b", "2")
                .cgroupsPath("/lcd/box")
                .mergeResources(LinuxResources.builder()
                        .memoryLimit(64 << 20)
                        .memoryReservation(32 << 20)
                        .memorySwap(-1)
                        .cpuShares(512)
                        .cpuQuota(50_000)
                        .cpuPeriod(100_000)
                        .cpus("0")
                        .cpuMems("0")
                        .pidsLimit(50)
                        .unified(Map.of("memory.high", "max"))
                        .build())
                .addNamespace(LinuxNamespace.of("user"))
                .addNamespace(new LinuxNamespace("network", "/proc/1/ns/net"))
                .removeNamespace("ipc")
                .uidMappings(List.of(new LinuxIdMapping(0, 100_000, 65_536)))
                .gidMappings(List.of(new LinuxIdMapping(0, 100_000, 65_536)))
                .editProcess(p -> p.consoleSize(new ConsoleSize(80, 24))
                        .additionalGids(List.of(10L, 20L))
                        .capabilities(Capabilities.of(List.of("CAP_KILL", "CAP_CHOWN")))
                        .rlimits(List.of(new Rlimit("RLIMIT_NOFILE", Rlimit.INFINITY, 4096)))
                        .noNewPrivileges(false)
                        .apparmorProfile("unconfined")
                        .selinuxLabel("system_u:system_r:container_t:s0")
                        .oomScoreAdj(500))
                .build();

        assertThat(RuntimeSpecSchema.errors(spec.toJson())).isEmpty();
        assertThat(RuntimeSpecSchema.errors(
                        Spec.linuxDefaults().process(exec).build().toJson()))
                .isEmpty();
    }

    /**
     * The configs containerd and runc write. (full-spec.json is left out on purpose: it holds
     * values runc takes but the schema does not, such as {@code rprivate} propagation and a swap
     * limit of {@code 2^64-1}, to test that the model keeps them.)
     */
    @ParameterizedTest
    @ValueSource(strings = {"ctr-oci-spec.json", "runc-spec.json"})
    void theRealConfigsTheModelIsTestedWithAreValid(String fixture) {
        assertThat(RuntimeSpecSchema.errors(resource(fixture))).isEmpty();
    }

    /** Proves the schema is really applied: each of these breaks one of its rules. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "{}",
                "{'ociVersion':'1.0.2','process':{'args':['sh']}}",
                "{'ociVersion':'1.0.2','mounts':[{'type':'tmpfs'}]}",
                "{'ociVersion':'1.0.2','process':{'cwd':'/','rlimits':[{'type':'NOFILE','hard':1,'soft':1}]}}",
                "{'ociVersion':'1.0.2','linux':{'namespaces':[{'type':'pidns'}]}}",
                "{'ociVersion':'1.0.2','linux':{'uidMappings':[{'hostID':1,'size':1}]}}",
            })
    void specsBreakingTheSchemaAreReported(String json) {
        assertThat(RuntimeSpecSchema.errors(q(json))).isNotEmpty();
    }

    @Test
    void aValidDocumentBecomesInvalidWhenARequiredFieldGoes() {
        ObjectNode spec = object(Spec.linuxDefaults().build().toJson());
        spec.remove("ociVersion");

        assertThat(RuntimeSpecSchema.errors(spec.toString())).anyMatch(e -> e.contains("ociVersion"));
    }
}
