package dev.libcontainerd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libcontainerd.cli.LcdProcess.Result;
import dev.libcontainerd.testing.Require;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The verbs and flags a docker user reaches for first, and answers worded as docker's. */
class DockerVerbsIT {
    @RegisterExtension
    static final LcdProcess lcd = LcdProcess.perClass();

    @Test
    void stopSendsTermThenKillsAfterTheGracePeriod() throws Exception {
        // sh as pid 1 ignores TERM: stop must fall back to KILL after -t
        assertThat(lcd.run("run", "-d", "--name", "st-1", "busybox", "sleep", "300")
                        .code())
                .isZero();
        long t0 = System.nanoTime();
        Result r = lcd.run("stop", "-t", "1", "st-1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().trim()).isEqualTo("st-1");
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(1000);
        assertThat(lcd.run("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}} {{.State.Pid}}", "st-1")
                        .out())
                .isEqualTo("exited 137 0\n");
        // with --init, TERM reaches sleep through tini and it ends at once
        assertThat(lcd.run("run", "-d", "--init", "--name", "st-2", "busybox", "sleep", "300")
                        .code())
                .isZero();
        assertThat(lcd.run("stop", "st-2").code()).isZero();
        assertThat(lcd.run("wait", "st-2").out()).isEqualTo("143\n");
        Result restarted = lcd.run("restart", "st-2");
        assertThat(restarted.code()).as(restarted.err()).isZero();
        assertThat(lcd.run("inspect", "-f", "{{.State.Running}}", "st-2").out()).isEqualTo("true\n");
        Result notRunning = lcd.run("exec", "st-1", "true");
        assertThat(notRunning.err()).isEqualTo("lcd: container st-1 is not running\n");
        lcd.run("rm", "-f", "st-1", "st-2");
    }

    @Test
    void psIsNewestFirstFormattedAndFiltered() throws Exception {
        assertThat(lcd.run("create", "--name", "ps-old", "busybox", "true").code())
                .isZero();
        Thread.sleep(1100);
        assertThat(lcd.run("run", "-d", "--name", "ps-new", "busybox", "sleep", "300")
                        .code())
                .isZero();
        String all = lcd.run("ps", "-a", "--format", "{{.Names}}|{{.Status}}|{{.State}}")
                .out();
        assertThat(all.indexOf("ps-new")).isLessThan(all.indexOf("ps-old"));
        assertThat(all)
                .containsPattern("ps-new\\|Up (Less than a second|\\d+ seconds?)\\|running")
                .contains("ps-old|Created|created");
        assertThat(lcd.run("ps", "-n", "1", "-q").out()).isEqualTo("ps-new\n");
        assertThat(lcd.run("ps", "-a", "-q", "--filter", "status=created").out())
                .contains("ps-old")
                .doesNotContain("ps-new");
        assertThat(lcd.run("ps", "--no-trunc", "--filter", "name=ps-new").out()).contains("\"sleep 300\"");
        assertThat(lcd.run("start", "-a", "ps-old").code()).isZero();
        assertThat(lcd.run("ps", "-a", "--filter", "name=ps-old", "--format", "{{.Status}}")
                        .out())
                .matches("Exited \\(0\\) (Less than a second|\\d+ seconds?) ago\\n");
        lcd.run("rm", "-f", "ps-old", "ps-new");
    }

    @Test
    void mountsEnvFileEntrypointAndInit() throws Exception {
        Path dir = Files.createTempDirectory("lcd-vol");
        Path envFile = Files.createTempFile("lcd-env", ".list");
        try {
            Files.writeString(dir.resolve("in.txt"), "from host\n");
            Files.writeString(envFile, "# comment\nA=1\nB=two words\n");
            Result r = lcd.run(
                    "run",
                    "--rm",
                    "-v",
                    dir + ":/data",
                    "--mount",
                    "type=bind,source=" + dir + ",target=/ro,readonly",
                    "--env-file",
                    envFile.toString(),
                    "-e",
                    "A=override",
                    "busybox",
                    "sh",
                    "-c",
                    "cat /data/in.txt; echo out > /data/out.txt; touch /ro/x 2>/dev/null || echo ro; echo $A $B");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo("from host\nro\noverride two words\n");
            assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo("out\n");
            Result ep = lcd.run("run", "--rm", "--entrypoint", "echo", "busybox", "via", "entrypoint");
            assertThat(ep.out()).isEqualTo("via entrypoint\n");
            Result init = lcd.run("run", "--rm", "--init", "busybox", "sh", "-c", "cat /proc/1/cmdline | tr '\\0' ' '");
            assertThat(init.out()).startsWith("/sbin/docker-init -- sh");
            Result bad = lcd.run("run", "--rm", "-v", "/no/such/dir:/x", "busybox", "true");
            assertThat(bad.code()).isEqualTo(125);
            assertThat(bad.err()).contains("bind source path does not exist");
        } finally {
            Files.deleteIfExists(dir.resolve("in.txt"));
            Files.deleteIfExists(dir.resolve("out.txt"));
            Files.deleteIfExists(dir);
            Files.deleteIfExists(envFile);
        }
    }

    @Test
    void rmDetachedIsRemovedAfterItExitsWithoutTheClient() throws Exception {
        Result r = lcd.run("run", "-d", "--rm", "--name", "rm-d", "busybox", "sh", "-c", "echo bye");
        assertThat(r.code()).as(r.err()).isZero();
        // the starting lcd is gone; the next command finds it exited and removes it
        Thread.sleep(1000);
        assertThat(lcd.run("ps", "-a", "-q").out()).doesNotContain("rm-d");
        assertThat(lcd.stateDir().resolve("autoremove/lcd/rm-d")).doesNotExist();
    }

    @Test
    void inspectIsJsonWithFieldPaths() throws Exception {
        assertThat(lcd.run("run", "-d", "--name", "in-1", "busybox", "sleep", "300")
                        .code())
                .isZero();
        Result json = lcd.run("inspect", "in-1");
        assertThat(json.out())
                .contains("\"Id\" : \"in-1\"")
                .contains("\"Status\" : \"running\"")
                .contains("\"Image\" : \"busybox\"");
        String pid =
                lcd.run("inspect", "--format", "{{.State.Pid}}", "in-1").out().trim();
        assertThat(Files.readString(Path.of("/proc", pid, "cmdline"))).startsWith("sleep");
        assertThat(lcd.run("inspect", "-f", "{{json .Config.Cmd}}", "in-1").out())
                .isEqualTo("[\"sleep\",\"300\"]\n");
        Result none = lcd.run("inspect", "no-such");
        assertThat(none.err()).contains("No such container: no-such");
        lcd.run("rm", "-f", "in-1");
    }

    @Test
    void answersReadLikeDockers() throws Exception {
        Result unknown = lcd.run("frobnicate");
        assertThat(unknown.code()).isEqualTo(125);
        assertThat(unknown.err()).isEqualTo("lcd: 'frobnicate' is not an lcd command. See 'lcd --help'.\n");
        Result missing = lcd.run("run", "--rm", "busybox", "nosuchcommand");
        assertThat(missing.code()).isEqualTo(127);
        assertThat(missing.err()).isEqualTo("lcd: executable file not found: nosuchcommand\n");
        assertThat(lcd.run("run", "--rm", "busybox", "/etc/passwd").code()).isEqualTo(126);
        assertThat(lcd.run("help", "stop").out()).contains("Usage: lcd stop");
        assertThat(lcd.run("stop", "-h").out()).contains("Usage: lcd stop");
        assertThat(lcd.run("ps", "--help").out()).contains("--format");
        Result debug = lcd.run("--debug", "ps");
        assertThat(debug.err()).doesNotContain("io.netty").doesNotContain("DEBUG io.grpc");
    }

    @Test
    void logsTailAndFollow() throws Exception {
        Result r = lcd.run(
                "run",
                "-d",
                "--name",
                "lg-1",
                "busybox",
                "sh",
                "-c",
                "echo a; echo b >&2; sleep 0.3; echo c; while [ ! -f /go ]; do sleep 0.1; done; echo d");
        assertThat(r.code()).as(r.err()).isZero();
        Await.contains(() -> lcd.run("logs", "lg-1").out(), "c\n", 30);
        assertThat(lcd.run("logs", "--tail", "1", "lg-1").out()).isEqualTo("c\n");
        assertThat(lcd.run("exec", "lg-1", "touch", "/go").code()).isZero();
        Result f = lcd.run("logs", "-f", "lg-1"); // returns once the container has stopped
        assertThat(f.out()).isEqualTo("a\nc\nd\n"); // stderr apart, as docker's
        assertThat(f.err()).isEqualTo("b\n");
        lcd.run("rm", "lg-1");
    }

    @Test
    void bashCompletionKnowsCommandsAndContainerNames() throws Exception {
        Require.binary("bash");
        assertThat(lcd.run("run", "-d", "--name", "cmpl-1", "busybox", "sleep", "300")
                        .code())
                .isZero();
        Path script = Files.createTempFile("lcd-completion", ".sh");
        try {
            Files.writeString(script, lcd.run("completion", "bash").out());
            String launcher = lcd.command().get(0);
            Process p = lcd.builder(List.of(
                            "bash",
                            "-c",
                            "source " + script + " 2>/dev/null; "
                                    + "COMP_WORDS=(lcd sto); COMP_CWORD=1; _lcd_complete_with_names 2>/dev/null; echo \"${COMPREPLY[@]}\"; "
                                    + "COMP_WORDS=(" + launcher + " stop cmp); COMP_CWORD=2; COMPREPLY=(); "
                                    + "_lcd_complete_with_names 2>/dev/null; echo \"${COMPREPLY[@]}\""))
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            assertThat(out).isEqualTo("stop\ncmpl-1\n");
        } finally {
            Files.deleteIfExists(script);
            lcd.run("rm", "-f", "cmpl-1");
        }
    }

    @Test
    void cpCopiesBothWaysThroughTar() throws Exception {
        assertThat(lcd.run("run", "-d", "--name", "cp-1", "busybox", "sleep", "300")
                        .code())
                .isZero();
        Path dir = Files.createTempDirectory("lcd-cp");
        try {
            Files.writeString(dir.resolve("f.txt"), "hello\n");
            Result in = lcd.run("cp", dir.resolve("f.txt").toString(), "cp-1:/tmp/");
            assertThat(in.code()).as(in.err()).isZero();
            assertThat(lcd.run("exec", "cp-1", "cat", "/tmp/f.txt").out()).isEqualTo("hello\n");
            Result out = lcd.run("cp", "cp-1:/etc/passwd", dir.resolve("pw").toString());
            assertThat(out.code()).as(out.err()).isZero();
            assertThat(Files.readString(dir.resolve("pw"))).startsWith("root:x:0:0");
            Result missing = lcd.run("cp", "cp-1:/nonexistent", dir.toString());
            assertThat(missing.code()).isEqualTo(125);
            assertThat(missing.err()).contains("nonexistent");
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
            lcd.run("rm", "-f", "cp-1");
        }
    }

    @Test
    void renameKeepsTheLayerAndLogOfAStoppedContainer() throws Exception {
        assertThat(lcd.run(
                                "run",
                                "-d",
                                "--name",
                                "rn-1",
                                "busybox",
                                "sh",
                                "-c",
                                "cat /f 2>/dev/null || echo first; echo kept > /f")
                        .code())
                .isZero();
        assertThat(lcd.run("wait", "rn-1").out()).isEqualTo("0\n");
        Result r = lcd.run("rename", "rn-1", "rn-2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(lcd.run("ps", "-a", "-q").out()).contains("rn-2").doesNotContain("rn-1");
        assertThat(lcd.run("logs", "rn-2").out()).isEqualTo("first\n");
        assertThat(lcd.run("start", "-a", "rn-2").out()).isEqualTo("kept\n"); // its writable layer came along
        assertThat(lcd.run("run", "-d", "--name", "rn-3", "busybox", "sleep", "300")
                        .code())
                .isZero();
        assertThat(lcd.run("rename", "rn-3", "rn-4").err()).contains("it is running");
        lcd.run("rm", "-f", "rn-2", "rn-3");
    }
}
