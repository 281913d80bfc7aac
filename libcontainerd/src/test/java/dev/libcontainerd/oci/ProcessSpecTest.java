package dev.libcontainerd.oci;

import static dev.libcontainerd.oci.TestJson.q;
import static dev.libcontainerd.oci.TestJson.resource;
import static dev.libcontainerd.oci.TestJson.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.libcontainerd.errdefs.InvalidParameterException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProcessSpecTest {
    private static final String PROCESS =
            tree(resource("full-spec.json")).get("process").toString();

    @Test
    void roundTripKeepsUnknownFieldsAtEveryLevel() {
        ProcessSpec p = ProcessSpec.fromJson(PROCESS);

        assertThat(tree(p.toJson())).isEqualTo(tree(PROCESS));
        assertThat(tree(p.toBuilder().build().toJson())).isEqualTo(tree(PROCESS));
        assertThat(tree(p.toJson()).at("/user/x-user-note").asText()).isEqualTo("kept");
        assertThat(p.toJson()).contains("\"deep\":9223372036854775807");
    }

    @Test
    void accessorsReadEveryModelledField() {
        ProcessSpec p = ProcessSpec.fromJson(PROCESS);

        assertThat(p.terminal()).isTrue();
        assertThat(p.consoleSize()).isEqualTo(new ConsoleSize(80, 24));
        assertThat(p.uid()).isEqualTo(1000);
        assertThat(p.gid()).isEqualTo(1000);
        assertThat(p.additionalGids()).containsExactly(10L, 4294967294L);
        assertThat(p.args()).containsExactly("/bin/sh", "-c", "echo hello");
        assertThat(p.env()).contains("TERM=xterm");
        assertThat(p.cwd()).isEqualTo("/home/user");
        assertThat(p.capabilities())
                .isEqualTo(new Capabilities(
                        List.of("CAP_CHOWN", "CAP_KILL"),
                        List.of("CAP_CHOWN"),
                        List.of(),
                        List.of("CAP_CHOWN", "CAP_KILL"),
                        null));
        assertThat(p.rlimits())
                .containsExactly(
                        new Rlimit("RLIMIT_NOFILE", 1048576, 1048576), new Rlimit("RLIMIT_CORE", Rlimit.INFINITY, 0));
        assertThat(p.noNewPrivileges()).isFalse();
        assertThat(p.apparmorProfile()).isEqualTo("docker-default");
        assertThat(p.selinuxLabel()).startsWith("system_u");
        assertThat(p.oomScoreAdj()).hasValue(-500);
    }

    @Test
    void emptyProcessHasDefaults() {
        ProcessSpec p = ProcessSpec.fromJson("{}");

        assertThat(p.terminal()).isFalse();
        assertThat(p.consoleSize()).isNull();
        assertThat(p.uid()).isZero();
        assertThat(p.args()).isEmpty();
        assertThat(p.env()).isEmpty();
        assertThat(p.cwd()).isNull();
        assertThat(p.capabilities()).isNull();
        assertThat(p.rlimits()).isEmpty();
        assertThat(p.oomScoreAdj()).isEmpty();
        assertThat(p.toJson()).isEqualTo("{}");
    }

    @Test
    void builderSettersShowInTheJson() {
        ProcessSpec p = ProcessSpec.builder()
                .terminal(true)
                .consoleSize(new ConsoleSize(120, 40))
                .user(1000, 1000)
                .additionalGids(List.of(5L, 20L))
                .args("top", "-b")
                .env(List.of("A=1", "B=2"))
                .addEnv("A=3")
                .addEnv("C=4")
                .cwd("/tmp")
                .capabilities(Capabilities.of(List.of("CAP_KILL")))
                .rlimits(List.of(new Rlimit("RLIMIT_NOFILE", Rlimit.INFINITY, 4096)))
                .noNewPrivileges(true)
                .apparmorProfile("unconfined")
                .selinuxLabel("l")
                .oomScoreAdj(100)
                .build();

        JsonNode expected = tree(q("{'terminal':true,'consoleSize':{'height':40,'width':120},"
                + "'user':{'uid':1000,'gid':1000,'additionalGids':[5,20]},'args':['top','-b'],"
                + "'env':['A=3','B=2','C=4'],'cwd':'/tmp',"
                + "'capabilities':{'bounding':['CAP_KILL'],'effective':['CAP_KILL'],'permitted':['CAP_KILL']},"
                + "'rlimits':[{'type':'RLIMIT_NOFILE','hard':18446744073709551615,'soft':4096}],"
                + "'noNewPrivileges':true,'apparmorProfile':'unconfined','selinuxLabel':'l','oomScoreAdj':100}"));
        assertThat(tree(p.toJson())).isEqualTo(expected);
        assertThat(p).isEqualTo(ProcessSpec.fromJson(expected.toString()));
    }

    @Test
    void builderFromSpecInheritsTheContainersProcessForAnExec() {
        Spec spec = Spec.linuxDefaults()
                .args("sleep", "1000")
                .addEnv("FOO=bar")
                .user(1, 2)
                .build();

        ProcessSpec exec =
                ProcessSpec.builderFrom(spec).args("ls", "/").terminal(true).build();

        assertThat(exec.args()).containsExactly("ls", "/");
        assertThat(exec.terminal()).isTrue();
        assertThat(exec.env()).isEqualTo(spec.process().env());
        assertThat(exec.capabilities()).isEqualTo(spec.process().capabilities());
        assertThat(exec.uid()).isEqualTo(1);
        assertThat(spec.process().args()).containsExactly("sleep", "1000");
        assertThat(ProcessSpec.builderFrom(Spec.builder().build()).build().toJson())
                .isEqualTo("{}");
    }

    @Test
    void userKeepsItsOtherFields() {
        ProcessSpec p = ProcessSpec.fromJson(q("{'user':{'uid':1,'gid':1,'umask':18,'x':true}}")).toBuilder()
                .user(2, 3)
                .build();

        assertThat(tree(p.toJson())).isEqualTo(tree(q("{'user':{'uid':2,'gid':3,'umask':18,'x':true}}")));
    }

    @Test
    void nullRemovesAField() {
        ProcessSpec p = ProcessSpec.fromJson(PROCESS).toBuilder()
                .consoleSize(null)
                .cwd(null)
                .capabilities(null)
                .rlimits(null)
                .build();

        assertThat(p.consoleSize()).isNull();
        assertThat(p.toJson()).doesNotContain("consoleSize", "\"cwd\"", "capabilities", "rlimits");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "{",
                "[]",
                "null",
                "{'args':'x'}",
                "{'terminal':1}",
                "{'consoleSize':{'width':-1}}",
                "{'oomScoreAdj':'5'}",
                "{'user':[]}",
                "{'rlimits':[{'type':'RLIMIT_NOFILE','soft':-1}]}"
            })
    void badInputIsInvalidParameter(String json) {
        assertThatThrownBy(() -> ProcessSpec.fromJson(q(json))).isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void nullInputIsInvalidParameter() {
        assertThatThrownBy(() -> ProcessSpec.fromJson(null)).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> ProcessSpec.builderFrom(null)).isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void errorNamesTheField() {
        assertThatThrownBy(() -> ProcessSpec.fromJson(q("{'args':['a',2]}")))
                .hasMessageContaining("\"process.args[1]\"")
                .hasMessageContaining("string");
    }

    @Test
    void builderRejectsOutOfRangeIds() {
        assertThatThrownBy(() -> ProcessSpec.builder().user(1L << 32, 0)).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> ProcessSpec.builder().additionalGids(List.of(-1L)))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> new ConsoleSize(-1, 0)).isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void listsAreUnmodifiableAndBuildsAreIndependent() {
        ProcessSpec.Builder b = ProcessSpec.builder().args("a");
        ProcessSpec p = b.build();
        b.args("b");

        assertThat(p.args()).containsExactly("a");
        assertThatThrownBy(() -> p.env().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> p.rlimits().add(null)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(p).isNotEqualTo(b.build());
        assertThat(p.hashCode())
                .isEqualTo(ProcessSpec.fromJson(q("{'args':['a']}")).hashCode());
    }
}
