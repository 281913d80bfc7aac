package dev.libcontainerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.libcontainerd.errdefs.ContainerdException;
import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.oci.LinuxResources;
import dev.libcontainerd.testing.Capture;
import dev.libcontainerd.testing.ClientTestBase;
import dev.libcontainerd.testing.Specs;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 8, defect 5: bad input used to reach runc (a SystemException from start, or a process
 * that exits 1 with runc's message). Each is InvalidParameterException before anything is
 * written, and the message names the field.
 */
class ValidationIT extends ClientTestBase {
    /** Linux's limit on one argument or environment string (MAX_ARG_STRLEN). */
    private static final int MAX_ARG_STRLEN = 128 * 1024;

    private static Consumer<ObjectNode> root(Consumer<ObjectNode> edit) {
        return n -> edit.accept((ObjectNode) n.get("root"));
    }

    private static Consumer<ObjectNode> env(int entries, int size) {
        return n -> {
            ArrayNode env = (ArrayNode) n.get("process").get("env");
            for (int i = 0; i < entries; i++) {
                env.add("BIG" + i + "=" + "x".repeat(size));
            }
        };
    }

    static Stream<Arguments> badSpecs() {
        Consumer<ObjectNode> none = n -> {};
        return Stream.of(
                Arguments.of("no root", (Consumer<ObjectNode>) n -> n.remove("root"), new String[] {"true"}, "root"),
                Arguments.of("relative root path", root(r -> r.put("path", "rootfs")), new String[] {"true"}, "root"),
                Arguments.of(
                        "missing root dir", root(r -> r.put("path", "/no/such/rootfs")), new String[] {"true"}, "root"),
                Arguments.of(
                        "memory limit -5",
                        (Consumer<ObjectNode>) n -> ((ObjectNode) n.get("linux"))
                                .putObject("resources")
                                .putObject("memory")
                                .put("limit", -5),
                        new String[] {"true"},
                        "memory"),
                Arguments.of("NUL byte in args", none, new String[] {"echo", "a\0b"}, "args"),
                Arguments.of(
                        "args and env beyond ARG_MAX",
                        env(24, 128 * 1024 - 16),
                        new String[] {"true"},
                        "argument list|ARG_MAX"),
                Arguments.of(
                        "one argument beyond 128 KiB",
                        none,
                        new String[] {"echo", "x".repeat(MAX_ARG_STRLEN + 1)},
                        "arg"),
                Arguments.of("empty args", none, new String[0], "args"));
    }

    /** Whether the message contains one of the |-separated fragments, ignoring case. */
    private static boolean names(Throwable t, String fragments) {
        String msg = String.valueOf(t.getMessage()).toLowerCase();
        return Stream.of(fragments.split("\\|")).anyMatch(f -> msg.contains(f.toLowerCase()));
    }

    private void assertNothingWritten(String id) {
        assertThat(stateDir.resolve(id)).doesNotExist();
        assertThatThrownBy(() -> client.status(id))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("no such container");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSpecs")
    void createRefusesBadSpecsBeforeWritingAnything(
            String what, Consumer<ObjectNode> edit, String[] args, String field) {
        String id = id("bad");
        assertThatThrownBy(() -> client.create(id, Specs.jsonSpec(ns, id, false, edit, args), null))
                .as(what)
                .isInstanceOf(InvalidParameterException.class)
                .matches(t -> names(t, field), "message names " + field);
        assertNothingWritten(id);
    }

    @Test
    void limitsThatAreFineStayFine() {
        // -1 means unlimited, and large arguments below the kernel's limits still run
        String id = id("fine");
        client.create(
                id,
                Specs.jsonSpec(
                        ns,
                        id,
                        false,
                        n -> ((ObjectNode) n.get("linux"))
                                .putObject("resources")
                                .putObject("memory")
                                .put("limit", -1),
                        "sh",
                        "-c",
                        "echo ${#0}",
                        "x".repeat(MAX_ARG_STRLEN - 1)),
                null);
        Capture out = new Capture();
        client.start(id, null, false, out);
        assertThat(backend.awaitExit(id, id).exitCode()).isZero();
        assertThat(out.awaitEof().out()).isEqualTo((MAX_ARG_STRLEN - 1) + "\n");

        String id2 = id("fineenv");
        client.create(id2, Specs.jsonSpec(ns, id2, false, env(4, 100_000), "sh", "-c", "echo ${#BIG3}"), null);
        Capture out2 = new Capture();
        client.start(id2, null, false, out2);
        assertThat(backend.awaitExit(id2, id2).exitCode()).isZero();
        assertThat(out2.awaitEof().out()).isEqualTo("100000\n");
    }

    static Stream<Arguments> badExecArgs() {
        return Stream.of(
                Arguments.of("empty args", new String[0]),
                Arguments.of("NUL byte in args", new String[] {"echo", "a\0b"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badExecArgs")
    void execRefusesBadArgsAndLeavesNothing(String what, String[] args) {
        String id = create("ex", false, "sleep", "1000");
        client.start(id, null, false, new Capture());
        assertThatThrownBy(() -> client.exec(id, "bad", Specs.process(false, args), true, new Capture()))
                .as(what)
                .isInstanceOf(InvalidParameterException.class)
                .matches(t -> names(t, "args"), "message names args");
        assertThat(stateDir.resolve(id).toFile().list()).containsExactlyInAnyOrder("init-stdout", "init-stderr");
        assertThatThrownBy(() -> client.signalProcess(id, "bad", 9)).isInstanceOf(NotFoundException.class);
        assertThat(backend.of(id)).noneMatch(e -> "bad".equals(e.info().processId()));
        // the id was never taken
        Capture out = new Capture();
        client.exec(id, "bad", Specs.process(false, "echo", "ok"), false, out);
        assertThat(out.awaitEof().out()).isEqualTo("ok\n");
    }

    @Test
    void updateRefusesANegativeMemoryLimit() {
        String id = create("upd", false, "sleep", "1000");
        client.start(id, null, false, new Capture());
        assertThatThrownBy(() -> client.updateResources(
                        id, LinuxResources.builder().memoryLimit(-5).build()))
                .isInstanceOf(InvalidParameterException.class)
                .matches(t -> names(t, "memory"), "message names memory");
        assertThat(client.status(id)).isEqualTo(Status.RUNNING);
        client.updateResources(id, LinuxResources.builder().memoryLimit(-1).build()); // unlimited is fine
    }

    @Test
    void failedCreateOfAnIdLeavesItFree() {
        String id = id("free");
        assertThatThrownBy(() -> client.create(id, Specs.spec(ns, id, false, "echo", "a\0b"), null))
                .isInstanceOf(ContainerdException.class);
        client.create(id, Specs.spec(ns, id, false, "echo", "ok"), null);
        Capture out = new Capture();
        client.start(id, null, false, out);
        assertThat(out.awaitEof().out()).isEqualTo("ok\n");
    }
}
