package dev.libcontainerd.oci;

import static dev.libcontainerd.oci.TestJson.object;
import static dev.libcontainerd.oci.TestJson.q;
import static dev.libcontainerd.oci.TestJson.resource;
import static dev.libcontainerd.oci.TestJson.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.libcontainerd.errdefs.InvalidParameterException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpecTest {

    @ParameterizedTest
    @ValueSource(strings = {"ctr-oci-spec.json", "runc-spec.json", "full-spec.json"})
    void realConfigsRoundTripToAnEqualTree(String fixture) {
        String json = resource(fixture);

        Spec spec = Spec.fromJson(json);

        assertThat(tree(spec.toJson())).isEqualTo(tree(json));
        assertThat(tree(spec.toBuilder().build().toJson())).isEqualTo(tree(json));
        assertThat(Spec.fromJson(spec.toJson())).isEqualTo(spec);
    }

    @Test
    void roundTripKeepsIntegerTypesAndBigUnsignedValuesExact() {
        String out = Spec.fromJson(resource("full-spec.json")).toJson();

        assertThat(out).contains("\"hard\":1048576").doesNotContain("1048576.0");
        assertThat(out).contains("\"hard\":18446744073709551615");
        assertThat(out).contains("\"swap\":18446744073709551615");
        assertThat(out).contains("12345678901234567890123");
        assertThat(tree(out).at("/process/rlimits/1/hard").isBigInteger()).isTrue();
    }

    @Test
    void accessorsReadARealConfig() {
        Spec spec = Spec.fromJson(resource("full-spec.json"));

        assertThat(spec.ociVersion()).isEqualTo("1.0.2-dev");
        assertThat(spec.hostname()).isEqualTo("box");
        assertThat(spec.root()).isEqualTo(new Root("/var/lib/containerd/rootfs", false));
        assertThat(spec.process().args()).containsExactly("/bin/sh", "-c", "echo hello");
        assertThat(spec.mounts()).hasSize(3);
        assertThat(spec.mounts().get(1)).isEqualTo(new Mount("/data", "bind", "/srv/data", List.of("rbind", "ro")));
        assertThat(spec.mounts().get(2).options()).isEmpty();
        assertThat(spec.annotations()).containsEntry("io.kubernetes.cri.container-type", "container");
        Linux linux = spec.linux();
        assertThat(linux.cgroupsPath()).isEqualTo("/default/box");
        assertThat(linux.uidMappings()).containsExactly(new LinuxIdMapping(0, 100000, 65536));
        assertThat(linux.gidMappings()).containsExactly(new LinuxIdMapping(0, 100000, 65536));
        assertThat(linux.namespaces())
                .contains(new LinuxNamespace("network", "/var/run/netns/box"), LinuxNamespace.of("user"));
        assertThat(linux.sysctl()).containsEntry("net.ipv4.ip_forward", "1");
        assertThat(linux.maskedPaths()).containsExactly("/proc/kcore", "/sys/firmware");
        assertThat(linux.readonlyPaths()).containsExactly("/proc/sys");
        assertThat(linux.rootfsPropagation()).isEqualTo("rprivate");
        assertThat(linux.resources().memoryLimit()).hasValue(536870912L);
        assertThat(linux.resources().memorySwap()).hasValue(-1L);
    }

    @Test
    void absentPartsAreNullOrEmpty() {
        Spec spec = Spec.fromJson("{}");

        assertThat(spec.process()).isNull();
        assertThat(spec.root()).isNull();
        assertThat(spec.linux()).isNull();
        assertThat(spec.hostname()).isNull();
        assertThat(spec.ociVersion()).isNull();
        assertThat(spec.mounts()).isEmpty();
        assertThat(spec.annotations()).isEmpty();
        assertThat(spec.toJson()).isEqualTo("{}");
    }

    @Test
    void jsonNullOfAKnownFieldReadsAsAbsentAndSurvives() {
        String json = q("{'process':null,'hostname':null,'mounts':null,'linux':{'resources':null}}");

        Spec spec = Spec.fromJson(json);

        assertThat(spec.process()).isNull();
        assertThat(spec.hostname()).isNull();
        assertThat(spec.mounts()).isEmpty();
        assertThat(spec.linux().resources()).isNull();
        assertThat(tree(spec.toJson())).isEqualTo(tree(json));
    }

    @Test
    void linuxDefaultsIsContainerdsDefaultSpec() {
        JsonNode defaults = tree(Spec.linuxDefaults().build().toJson());

        // `ctr oci spec` from containerd 1.6, minus the namespace-derived cgroupsPath, plus the
        // two documented additions.
        ObjectNode expected = object(resource("ctr-oci-spec.json"));
        ((ObjectNode) expected.get("linux")).remove("cgroupsPath");
        ObjectNode process = (ObjectNode) expected.get("process");
        ObjectNode withEnv = process.objectNode();
        process.properties().forEach(e -> {
            withEnv.set(e.getKey(), e.getValue());
            if (e.getKey().equals("user")) {
                withEnv.putArray("env").add(LinuxDefaults.DEFAULT_PATH);
            }
        });
        expected.set("process", withEnv);
        ArrayNode mounts = (ArrayNode) expected.get("mounts");
        mounts.insert(
                6,
                object(q("{'destination':'/sys/fs/cgroup','type':'cgroup','source':'cgroup',"
                        + "'options':['nosuid','noexec','nodev','relatime','ro']}")));

        assertThat(defaults).isEqualTo(expected);
        // Same field order as containerd, not just the same content.
        assertThat(Spec.linuxDefaults().build().toJson()).isEqualTo(expected.toString());
    }

    @Test
    void linuxDefaultsHasTheMountsNamespacesAndLimitsRuncNeeds() {
        Spec spec = Spec.linuxDefaults().build();

        assertThat(spec.ociVersion()).isEqualTo("1.0.2-dev");
        assertThat(spec.root()).isEqualTo(new Root("rootfs", false));
        assertThat(spec.mounts())
                .extracting(Mount::destination)
                .containsExactly(
                        "/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys", "/sys/fs/cgroup", "/run");
        assertThat(spec.mounts().get(2))
                .isEqualTo(new Mount(
                        "/dev/pts",
                        "devpts",
                        "devpts",
                        List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")));
        assertThat(spec.linux().namespaces())
                .extracting(LinuxNamespace::type)
                .containsExactly("pid", "ipc", "uts", "mount", "network");
        assertThat(spec.linux().cgroupsPath()).isNull();
        ProcessSpec p = spec.process();
        assertThat(p.uid()).isZero();
        assertThat(p.gid()).isZero();
        assertThat(p.cwd()).isEqualTo("/");
        assertThat(p.env()).containsExactly("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        assertThat(p.noNewPrivileges()).isTrue();
        assertThat(p.terminal()).isFalse();
        assertThat(p.rlimits()).containsExactly(new Rlimit("RLIMIT_NOFILE", 1024, 1024));
        assertThat(p.capabilities().bounding()).hasSize(14).contains("CAP_AUDIT_WRITE");
        assertThat(p.capabilities().effective()).isEqualTo(p.capabilities().bounding());
        assertThat(p.capabilities().permitted()).isEqualTo(p.capabilities().bounding());
        assertThat(tree(spec.toJson()).at("/linux/resources/devices"))
                .isEqualTo(tree(q("[{'allow':false,'access':'rwm'}]")));
        assertThat(spec.toJson()).contains("\"soft\":1024").doesNotContain("1024.0");
    }

    @Test
    void linuxDefaultsWithNamespaceSetsContainerdsCgroupsPath() {
        assertThat(Spec.linuxDefaults("default", "c1").build().linux().cgroupsPath())
                .isEqualTo("/default/c1");
        assertThat(Spec.linuxDefaults("default", "").build().linux().cgroupsPath())
                .isEqualTo("/default");
    }

    @Test
    void builderSettersShowInTheJson() {
        Spec spec = Spec.linuxDefaults()
                .args("sh", "-c", "echo hi")
                .addEnv("TERM=xterm")
                .addEnv("PATH=/bin")
                .cwd("/work")
                .user(1000, 100)
                .terminal(true)
                .hostname("box")
                .rootPath(Path.of("/run/bundle/rootfs"))
                .rootReadonly(true)
                .cgroupsPath("/libcontainerd/c1")
                .annotation("a", "1")
                .addMount(Mount.bind("/srv", "/srv", true))
                .build();

        JsonNode t = tree(spec.toJson());
        assertThat(t.at("/process/args")).isEqualTo(tree(q("['sh','-c','echo hi']")));
        assertThat(t.at("/process/env")).isEqualTo(tree(q("['PATH=/bin','TERM=xterm']")));
        assertThat(t.at("/process/cwd").asText()).isEqualTo("/work");
        assertThat(t.at("/process/user")).isEqualTo(tree(q("{'uid':1000,'gid':100}")));
        assertThat(t.at("/process/terminal").asBoolean()).isTrue();
        assertThat(t.at("/hostname").asText()).isEqualTo("box");
        assertThat(t.at("/root")).isEqualTo(tree(q("{'path':'/run/bundle/rootfs','readonly':true}")));
        assertThat(t.at("/linux/cgroupsPath").asText()).isEqualTo("/libcontainerd/c1");
        assertThat(t.at("/annotations")).isEqualTo(tree(q("{'a':'1'}")));
        assertThat(t.at("/mounts/8"))
                .isEqualTo(tree(q("{'destination':'/srv','type':'bind','source':'/srv','options':['rbind','ro']}")));
        // Untouched defaults stay.
        assertThat(spec.process().noNewPrivileges()).isTrue();
        assertThat(spec.linux().namespaces()).hasSize(5);
    }

    @Test
    void processReplacesTheWholeProcess() {
        ProcessSpec p = ProcessSpec.builder().args("true").cwd("/").build();

        Spec spec = Spec.linuxDefaults().process(p).build();

        assertThat(spec.process()).isEqualTo(p);
        assertThat(Spec.linuxDefaults().process(null).build().process()).isNull();
    }

    @Test
    void resourcesReplacesButMergeResourcesKeepsTheDeviceRule() {
        LinuxResources limits =
                LinuxResources.builder().memoryLimit(1 << 20).pidsLimit(10).build();

        Spec replaced = Spec.linuxDefaults().resources(limits).build();
        Spec merged = Spec.linuxDefaults().mergeResources(limits).build();

        assertThat(replaced.linux().resources()).isEqualTo(limits);
        assertThat(tree(merged.toJson()).at("/linux/resources"))
                .isEqualTo(tree(q("{'devices':[{'allow':false,'access':'rwm'}],'memory':{'limit':1048576},"
                        + "'pids':{'limit':10}}")));
        Spec again = merged.toBuilder()
                .mergeResources(LinuxResources.builder().memorySwap(-1).build())
                .build();
        assertThat(tree(again.toJson()).at("/linux/resources/memory"))
                .isEqualTo(tree(q("{'limit':1048576,'swap':-1}")));
    }

    @Test
    void mountsCanBeRemovedAndReplaced() {
        Spec spec = Spec.linuxDefaults()
                .removeMount("/dev/shm")
                .addMount(Mount.of("/dev/shm", "tmpfs", "shm", "size=1g"))
                .build();

        assertThat(spec.mounts())
                .filteredOn(m -> m.destination().equals("/dev/shm"))
                .containsExactly(new Mount("/dev/shm", "tmpfs", "shm", List.of("size=1g")));
        assertThat(Spec.builder()
                        .mounts(List.of(Mount.of("/x", null, null)))
                        .build()
                        .toJson())
                .isEqualTo(q("{'mounts':[{'destination':'/x'}]}"));
    }

    @Test
    void removeMountKeepsUnknownFieldsOfTheOtherEntries() {
        Spec spec = Spec.fromJson(resource("full-spec.json")).toBuilder()
                .removeMount("/proc")
                .build();

        assertThat(tree(spec.toJson()).at("/mounts/0/x-mount")).isEqualTo(tree(q("{'a':'b'}")));
    }

    @Test
    void namespacesCanBeAddedReplacedAndRemoved() {
        Spec spec = Spec.linuxDefaults()
                .addNamespace(new LinuxNamespace("network", "/proc/42/ns/net"))
                .addNamespace(LinuxNamespace.of("user"))
                .removeNamespace("ipc")
                .uidMappings(List.of(new LinuxIdMapping(0, 100000, 65536)))
                .gidMappings(List.of(new LinuxIdMapping(0, 100000, 65536)))
                .build();

        assertThat(spec.linux().namespaces())
                .containsExactly(
                        LinuxNamespace.of("pid"),
                        LinuxNamespace.of("uts"),
                        LinuxNamespace.of("mount"),
                        new LinuxNamespace("network", "/proc/42/ns/net"),
                        LinuxNamespace.of("user"));
        assertThat(tree(spec.toJson()).at("/linux/uidMappings"))
                .isEqualTo(tree(q("[{'containerID':0,'hostID':100000,'size':65536}]")));
        assertThat(spec.linux().gidMappings()).containsExactly(new LinuxIdMapping(0, 100000, 65536));
    }

    @Test
    void nullRemovesAField() {
        Spec spec = Spec.linuxDefaults()
                .hostname("h")
                .hostname(null)
                .args("x")
                .args((List<String>) null)
                .annotations(Map.of("k", "v"))
                .annotations(null)
                .build();

        assertThat(spec.hostname()).isNull();
        assertThat(spec.process().args()).isEmpty();
        assertThat(spec.toJson()).doesNotContain("hostname", "args", "annotations");
    }

    @Test
    void buildersNeverChangeWhatTheyBuiltOrStartedFrom() {
        Spec.Builder builder = Spec.linuxDefaults().args("a");
        Spec first = builder.build();
        String firstJson = first.toJson();

        builder.args("b").hostname("x").addMount(Mount.of("/m", "tmpfs", "tmpfs"));
        first.toBuilder().args("c").cgroupsPath("/y").build();

        assertThat(first.toJson()).isEqualTo(firstJson);
        assertThat(builder.build().process().args()).containsExactly("b");
    }

    @Test
    void returnedCollectionsAreUnmodifiable() {
        Spec spec = Spec.fromJson(resource("full-spec.json"));

        assertThatThrownBy(() -> spec.mounts().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> spec.mounts().get(0).options().add("x"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> spec.annotations().put("k", "v")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> spec.linux().namespaces().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> spec.process().args().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void equalityIsJsonContent() {
        Spec a = Spec.fromJson(q("{'hostname':'h','ociVersion':'1.0.2'}"));
        Spec b = Spec.builder().ociVersion("1.0.2").hostname("h").build();

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(Spec.builder().hostname("h").build());
        // Numbers built from Java compare equal to the same digits parsed.
        assertThat(Spec.builder().user(7, 8).build())
                .isEqualTo(Spec.fromJson(q("{'process':{'user':{'uid':7,'gid':8}}}")));
    }

    @Test
    void toStringIsTheJson() {
        Spec spec = Spec.builder().hostname("h").build();
        assertThat(spec.toString()).isEqualTo(spec.toJson());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "{",
                "{]",
                "[]",
                "5",
                "null",
                "\"spec\"",
                "{} {}",
                "{'hostname':}",
            })
    void malformedJsonIsInvalidParameter(String json) {
        assertThatThrownBy(() -> Spec.fromJson(q(json)))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("OCI runtime spec");
    }

    @Test
    void nullJsonIsInvalidParameter() {
        assertThatThrownBy(() -> Spec.fromJson(null))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("null");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{'process':5}|process",
                "{'process':{'args':'x'}}|process.args",
                "{'process':{'args':[1]}}|process.args[0]",
                "{'process':{'env':[null]}}|process.env[0]",
                "{'process':{'terminal':'yes'}}|process.terminal",
                "{'process':{'user':{'uid':-1}}}|process.user.uid",
                "{'process':{'user':{'uid':4294967296}}}|process.user.uid",
                "{'process':{'user':{'gid':1.0}}}|process.user.gid",
                "{'process':{'rlimits':[{'type':'RLIMIT_NOFILE','hard':'1024'}]}}|process.rlimits[0].hard",
                "{'process':{'rlimits':[{'hard':18446744073709551616}]}}|process.rlimits[0].hard",
                "{'process':{'capabilities':{'bounding':'CAP_KILL'}}}|process.capabilities.bounding",
                "{'root':{'path':1}}|root.path",
                "{'root':{'readonly':'true'}}|root.readonly",
                "{'hostname':5}|hostname",
                "{'mounts':{}}|mounts",
                "{'mounts':['/proc']}|mounts[0]",
                "{'mounts':[{'destination':'/a'},{'destination':'/b','options':'ro'}]}|mounts[1].options",
                "{'annotations':{'a':1}}|annotations.a",
                "{'linux':[]}|linux",
                "{'linux':{'cgroupsPath':true}}|linux.cgroupsPath",
                "{'linux':{'namespaces':[{'type':3}]}}|linux.namespaces[0].type",
                "{'linux':{'uidMappings':[{'hostID':-5}]}}|linux.uidMappings[0].hostID",
                "{'linux':{'resources':{'memory':{'limit':1.5}}}}|linux.resources.memory.limit",
                "{'linux':{'resources':{'cpu':{'shares':-1}}}}|linux.resources.cpu.shares",
                "{'linux':{'resources':{'pids':{'limit':'max'}}}}|linux.resources.pids.limit",
                "{'linux':{'resources':{'devices':[{'allow':0}]}}}|linux.resources.devices[0].allow",
                "{'linux':{'sysctl':{'a':true}}}|linux.sysctl.a",
            })
    void knownFieldsOfTheWrongTypeAreInvalidParameterNamingTheField(String caseAndPath) {
        String[] parts = caseAndPath.split("\\|");

        assertThatThrownBy(() -> Spec.fromJson(q(parts[0])))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("\"" + parts[1] + "\"");
    }

    @Test
    void builderRejectsBadInput() {
        assertThatThrownBy(() -> Spec.builder().args("a", null)).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> Spec.builder().user(-1, 0)).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> Spec.builder().addMount(null)).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> Spec.builder().annotation("k", null)).isInstanceOf(InvalidParameterException.class);
        List<String> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> Spec.builder().env(withNull)).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> new Mount(null, "tmpfs", "tmpfs", List.of()))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> new LinuxIdMapping(0, 1L << 32, 1)).isInstanceOf(InvalidParameterException.class);
    }
}
