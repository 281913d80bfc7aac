package dev.libcontainerd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libcontainerd.cli.LcdProcess.Result;
import dev.libcontainerd.oci.Spec;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The tool as users run it: {@code ./lcd} spawned as a process, against its own containerd. */
class LcdCliIT {
    @RegisterExtension
    static final LcdProcess lcd = LcdProcess.perClass();

    @Test
    void infoNamesTheDaemonAndTheCriuInUse() throws Exception {
        Result r = lcd.run("info");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("containerd: +\\S+").containsPattern("CRIU: +\\S+ \\(/\\S*/criu\\)");
        if ("true".equals(System.getenv("CI"))) {
            // CI builds a CRIU that works (scripts/criu.sh): info must say so
            assertThat(r.out()).contains("supported (criu check passed)");
        }
    }

    @Test
    void runExitsWithTheContainersExitCode() throws Exception {
        Result r = lcd.run("run", "--rm", "busybox", "sh", "-c", "echo out; echo err >&2; exit 3");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).isEqualTo("out\n");
        assertThat(r.err()).isEqualTo("err\n");
    }

    @Test
    void nameComesFromTheNameFlagNeverFromTheCommand() throws Exception {
        Result r = lcd.run("run", "--rm", "--name", "hello", "busybox", "echo", "hello from a container");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("hello from a container\n");
        assertThat(lcd.run("ps", "-a", "-q").out()).doesNotContain("hello");
        // the first word after the options is the image, never a name guessed from the rootfs
        Result guess = lcd.run("run", "--rm", "--pull", "never", "test", "echo", "hi");
        assertThat(guess.code()).isEqualTo(125);
        assertThat(guess.err()).contains("Unable to find image 'test:latest' locally");
        Result imageless =
                lcd.run("run", "--rm", "--rootfs", lcd.busyboxRootfs().toString(), "echo", "hi");
        assertThat(imageless.out()).as(imageless.err()).isEqualTo("hi\n");
    }

    @Test
    void pipedStdinReachesTheContainerAndEndsWithEof() throws Exception {
        Result r = lcd.runWithInput(
                "x\ny\n", "run", "-i", "--rm", "busybox", "sh", "-c", "while read l; do echo got $l; done; exit 2");
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.out()).isEqualTo("got x\ngot y\n");
    }

    @Test
    void rmLeavesNothingBehind() throws Exception {
        Result r = lcd.run("run", "--rm", "--name", "rm-1", "busybox", "sh", "-c", "echo hi > /file; cat /file");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("hi\n");
        assertThat(lcd.run("ps", "-a", "-q").out()).doesNotContain("rm-1");
        assertThat(lcd.stateDir().resolve("io/rm-1")).doesNotExist();
        // its writable layer was its own snapshot of the image, gone with it
        assertThat(lcd.ctr("snapshots", "ls")).doesNotContain("rm-1");
        assertThat(lcd.run("run", "--rm", "busybox", "cat", "/file").code()).isEqualTo(1);
    }

    @Test
    void detachedContainerTakesExecKillAndRm() throws Exception {
        Result d = lcd.run("run", "-d", "--name", "det-1", "busybox", "sh", "-c", "echo started; sleep 300");
        assertThat(d.code()).as(d.err()).isZero();
        assertThat(d.out().trim()).isEqualTo("det-1");
        Result e = lcd.run("exec", "-e", "X=4", "det-1", "sh", "-c", "echo $((X+1)); exit 6");
        assertThat(e.code()).isEqualTo(6);
        assertThat(e.out()).isEqualTo("5\n");
        assertThat(lcd.run("ps").out()).contains("det-1").contains(" Up ");
        Result refused = lcd.run("rm", "det-1");
        assertThat(refused.code()).isEqualTo(125);
        assertThat(refused.err()).contains("rm -f");
        assertThat(lcd.run("kill", "det-1").code()).isZero();
        awaitOutput(() -> lcd.run("ps", "-a").out(), "Exited (137) ");
        assertThat(lcd.run("ps", "-a", "--format", "{{.Names}} {{.Pid}}").out()).contains("det-1 0"); // no stale pid
        assertThat(lcd.run("logs", "det-1").out()).isEqualTo("started\n");
        assertThat(lcd.run("rm", "det-1").code()).isZero();
        assertThat(lcd.run("ps", "-a", "-q").out()).doesNotContain("det-1");
    }

    @Test
    void rmForceKillsARunningContainer() throws Exception {
        assertThat(lcd.run("run", "-d", "--name", "force-1", "busybox", "sleep", "300")
                        .code())
                .isZero();
        Result r = lcd.run("rm", "-f", "force-1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(lcd.run("ps", "-a", "-q").out()).doesNotContain("force-1");
    }

    @Test
    void eventsShowCreateStartExitOfARun() throws Exception {
        File out = File.createTempFile("lcd-events", ".txt");
        Process events = lcd.builder(lcd.command("events", "--format", "json"))
                .redirectOutput(out)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            // the subscription starts with the JVM: run until one container's create shows up
            String id = null;
            for (int i = 0; i < 10 && id == null; i++) {
                String candidate = "ev-" + i;
                assertThat(lcd.run("run", "--rm", "--name", candidate, "busybox", "sh", "-c", "exit 5")
                                .code())
                        .isEqualTo(5);
                Thread.sleep(500);
                if (Files.readString(out.toPath())
                        .contains("\"type\":\"create\",\"container\":\"" + candidate + "\"")) {
                    id = candidate;
                }
            }
            assertThat(id).as("events never showed a create").isNotNull();
            String c = "\"container\":\"" + id + "\"";
            String text = Files.readString(out.toPath());
            assertThat(text.lines()
                            .filter(l -> l.contains(c))
                            .map(l -> l.replaceAll(".*\"type\":\"([a-z-]+)\".*", "$1")))
                    .containsSubsequence("create", "start", "exit");
            assertThat(text).containsPattern("\"type\":\"exit\",\"container\":\"" + id + "\".*\"exitCode\":5");
        } finally {
            events.destroy();
            events.waitFor(10, TimeUnit.SECONDS);
            out.delete();
        }
    }

    @Test
    void statsNoStreamPrintsMemoryAndPids() throws Exception {
        assertThat(lcd.run(
                                "run",
                                "-d",
                                "--name",
                                "stats-1",
                                "--memory",
                                "64m",
                                "--pids-limit",
                                "50",
                                "busybox",
                                "sleep",
                                "300")
                        .code())
                .isZero();
        try {
            Result r = lcd.run("stats", "--no-stream", "stats-1");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("MEM USAGE / LIMIT").contains("PIDS");
            String row = r.out()
                    .lines()
                    .filter(l -> l.startsWith("stats-1"))
                    .findFirst()
                    .orElseThrow();
            assertThat(row).contains("/ 64.00MiB").matches(".*\\s1$");
        } finally {
            lcd.run("rm", "-f", "stats-1");
        }
    }

    @Test
    void processOptionsReachTheContainer() throws Exception {
        Result r = lcd.run(
                "run",
                "--rm",
                "-u",
                "nobody",
                "-e",
                "GREETING=hi",
                "-w",
                "/bin",
                "--read-only",
                "--hostname",
                "opts",
                "busybox",
                "sh",
                "-c",
                "id -u; id -g; echo $GREETING; pwd; echo $HOME; hostname; touch /x 2>/dev/null || echo ro");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("65534\n65534\nhi\n/bin\n/\nopts\nro\n");

        Result root = lcd.run("run", "--rm", "busybox", "sh", "-c", "id -u; echo $HOME; echo $PATH");
        assertThat(root.out()).isEqualTo("0\n/root\n/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n");
    }

    @Test
    void aSpecFileIsTheStartingPointAndOptionsGoOnTop() throws Exception {
        Path config = Files.createTempFile("lcd-config", ".json");
        try {
            // oomScoreAdj is a field the tool has no option for: it must reach runc from the file
            Files.writeString(
                    config,
                    Spec.linuxDefaults()
                            .rootPath(lcd.busyboxRootfs())
                            .rootReadonly(true)
                            .args("sh", "-c", "echo $FROM_SPEC $FROM_CLI; cat /proc/self/oom_score_adj")
                            .addEnv("FROM_SPEC=file")
                            .editProcess(p -> p.oomScoreAdj(123))
                            .build()
                            .toJson());

            Result r = lcd.run("run", "--rm", "--spec", config.toString(), "-e", "FROM_CLI=flag");

            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo("file flag\n123\n");
        } finally {
            Files.deleteIfExists(config);
        }
    }

    @Test
    void missingRootfsIsOneClearLineAndExit125() throws Exception {
        Result r = lcd.run("run", "--rm", "--rootfs", "/nonexistent/rootfs", "sh");
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).startsWith("lcd: ").contains("/nonexistent/rootfs").doesNotContain("Exception");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void unknownContainerAndBadFlagAreExit125() throws Exception {
        Result r = lcd.run("kill", "no-such-container");
        assertThat(r.code()).isEqualTo(125);
        assertThat(r.err()).contains("no-such-container").doesNotContain("Exception");
        assertThat(lcd.run("run", "--no-such-flag").code()).isEqualTo(125);
        assertThat(lcd.run("run", "--rm", "busybox", "no-such-command").code()).isEqualTo(127);
    }

    @Test
    void interactiveTerminalThroughAPseudoTerminal() throws Exception {
        // script(1) gives lcd a real pseudo-terminal, as a user's terminal would be
        String cmd = String.join(" ", lcd.command("run", "-it", "--rm", "--name", "tty-1", "busybox", "sh"));
        File out = File.createTempFile("lcd-tty", ".txt");
        Process p = lcd.builder(List.of("script", "-qfec", cmd, "/dev/null"))
                .redirectOutput(out)
                .redirectErrorStream(true)
                .start();
        try (OutputStream keys = p.getOutputStream()) {
            awaitOutput(() -> Files.readString(out.toPath()), "# ");
            type(keys, "tty; echo $((6*7)); stty size\r");
            awaitOutput(() -> Files.readString(out.toPath()), "42");
            type(keys, "exit 7\r");
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        String text = Files.readString(out.toPath());
        out.delete();
        assertThat(p.exitValue()).as(text).isEqualTo(7);
        assertThat(text).contains("/dev/pts/").contains("42");
        assertThat(lcd.run("ps", "-a", "-q").out()).doesNotContain("tty-1");
    }

    @Test
    void windowSizeChangesReachTheContainersTerminal() throws Exception {
        File code = File.createTempFile("lcd-rs", ".code");
        String cmd = String.join(" ", lcd.command("run", "-it", "--rm", "--name", "rs-1", "busybox", "sh"))
                + " 2>&1; echo $? > " + code;
        try (Tmux t = Tmux.start(lcd, cmd)) {
            awaitOutput(t::screen, "/ #"); // capture-pane trims the trailing space
            t.keys("stty size", "Enter");
            awaitOutput(t::screen, "30 100");
            t.tmux("resize-window", "-t", "t", "-x", "120", "-y", "40");
            Thread.sleep(300); // SIGWINCH travels: tmux → lcd → containerd → the shim's pty
            t.keys("stty size", "Enter");
            awaitOutput(t::screen, "40 120");
            t.keys("exit 4", "Enter");
            awaitOutput(() -> Files.readString(code.toPath()), "4");
        } finally {
            code.delete();
        }
        assertThat(lcd.run("ps", "-a", "-q").out()).doesNotContain("rs-1");
    }

    @Test
    void ctrlCIsForwardedAsSigintWithoutATerminal() throws Exception {
        File out = File.createTempFile("lcd-int", ".txt");
        // a foreground lcd's SIGINT is never ignored; a test run from a background job inherits an
        // ignored one, which the JVM then refuses to handle: reset it as a terminal's shell would
        List<String> cmd = new ArrayList<>(List.of("env", "--default-signal=INT"));
        cmd.addAll(lcd.command(
                "run",
                "--rm",
                "--name",
                "int-1",
                "busybox",
                "sh",
                "-c",
                "trap 'echo got-int; exit 9' INT; echo ready; while :; do sleep 0.1; done"));
        Process p =
                lcd.builder(cmd).redirectOutput(out).redirectErrorStream(true).start();
        try {
            awaitOutput(() -> Files.readString(out.toPath()), "ready");
            // what the terminal's Ctrl-C does to the foreground lcd process
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            boolean ended = p.waitFor(60, TimeUnit.SECONDS);
            if (!ended) {
                new ProcessBuilder("jstack", Long.toString(p.pid()))
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(out))
                        .start()
                        .waitFor();
            }
            assertThat(ended).as(Files.readString(out.toPath())).isTrue();
        } finally {
            p.destroyForcibly();
        }
        String text = Files.readString(out.toPath());
        out.delete();
        assertThat(p.exitValue()).as(text).isEqualTo(9);
        assertThat(text).contains("got-int");
        assertThat(lcd.run("ps", "-a", "-q").out()).doesNotContain("int-1");
    }

    private static void type(OutputStream keys, String s) throws IOException {
        keys.write(s.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }

    private interface Source {
        String get() throws Exception;
    }

    private static void awaitOutput(Source source, String expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String last = "";
        while (System.nanoTime() < deadline) {
            last = source.get();
            if (last.contains(expected)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("expected '" + expected + "' in:\n" + last);
    }
}
