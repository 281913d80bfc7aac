package dev.libcontainerd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.libcontainerd.cli.LcdProcess.Result;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code lcd attach}, {@code lcd logs} (streams apart, {@code --since}, {@code --tail}, {@code -f},
 * foreground containers) and {@code lcd events} (deletes, containerd's times), run as a user would.
 */
class AttachLogsEventsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final LcdProcess lcd = LcdProcess.perClass();

    @Test
    void logsKeepStdoutAndStderrApartWithSinceTailAndFollow() throws Exception {
        Result r = lcd.run(
                "run",
                "-d",
                "--name",
                "lg-2",
                "busybox",
                "sh",
                "-c",
                "echo o1; echo e1 >&2; while [ ! -f /step ]; do sleep 0.1; done; echo o2; echo e2 >&2;"
                        + " while [ ! -f /go ]; do sleep 0.1; done; echo o3; echo e3 >&2; exit 4");
        assertThat(r.code()).as(r.err()).isZero();
        Await.contains(() -> lcd.run("logs", "lg-2").err(), "e1\n", 30);
        Instant between = Instant.now(); // after o1 and e1 were logged, before o2 and e2
        assertThat(lcd.run("exec", "lg-2", "touch", "/step").code()).isZero();
        Await.contains(() -> lcd.run("logs", "lg-2").err(), "e2\n", 30);

        Result all = lcd.run("logs", "lg-2");
        assertThat(all.out()).isEqualTo("o1\no2\n"); // `lcd logs lg-2 2>/dev/null` shows only these
        assertThat(all.err()).isEqualTo("e1\ne2\n");
        Result since = lcd.run("logs", "--since", between.toString(), "lg-2");
        assertThat(since.out()).isEqualTo("o2\n");
        assertThat(since.err()).isEqualTo("e2\n");
        Result duration = lcd.run("logs", "--since", "10m", "lg-2");
        assertThat(duration.out()).isEqualTo("o1\no2\n");
        assertThat(lcd.run("logs", "--since", Instant.now().plusSeconds(3600).toString(), "lg-2")
                        .out())
                .isEmpty();
        Result tail = lcd.run("logs", "--tail", "2", "lg-2");
        assertThat(tail.out()).isEqualTo("o2\n");
        assertThat(tail.err()).isEqualTo("e2\n");
        Result bad = lcd.run("logs", "--since", "yesterday", "lg-2");
        assertThat(bad.code()).isEqualTo(125);
        assertThat(bad.err()).contains("invalid value for --since");

        assertThat(lcd.run("exec", "lg-2", "touch", "/go").code()).isZero();
        Result follow = lcd.run("logs", "-f", "--since", between.toString(), "lg-2"); // until it stops
        assertThat(follow.out()).isEqualTo("o2\no3\n");
        assertThat(follow.err()).isEqualTo("e2\ne3\n");
        Result followTail = lcd.run("logs", "-f", "--tail", "1", "lg-2");
        assertThat(followTail.out() + followTail.err()).isIn("o3\n", "e3\n");
        lcd.run("rm", "lg-2");
    }

    @Test
    void theMonitorReportsStartFailuresAndRemovesRmContainers() throws Exception {
        Result missing = lcd.run("run", "-d", "--name", "bg-miss", "busybox", "nosuchcommand");
        assertThat(missing.code()).isEqualTo(127);
        assertThat(missing.err()).isEqualTo("lcd: executable file not found: nosuchcommand\n");
        Result r = lcd.run("run", "-d", "--rm", "--name", "bg-rm", "busybox", "sh", "-c", "sleep 1");
        assertThat(r.code()).as(r.err()).isZero();
        // removed by its monitor when it exits: no other lcd command runs meanwhile
        java.nio.file.Path marker = lcd.stateDir().resolve("autoremove/lcd/bg-rm");
        java.nio.file.Path logs = lcd.stateDir().resolve("logs/lcd");
        Await.contains(
                () -> Files.exists(marker) || Files.exists(logs.resolve("bg-rm.log")) ? "there" : "gone", "gone", 30);
        Await.contains(
                () -> {
                    try (var files = Files.list(logs)) {
                        return files.anyMatch(f -> f.getFileName().toString().startsWith("bg-"))
                                ? "files left"
                                : "clean";
                    }
                },
                "clean",
                15);
        assertThat(lcd.run("ps", "-a", "-q").out()).doesNotContain("bg-rm").doesNotContain("bg-miss");
    }

    @Test
    void aForegroundContainerHasLogsToo() throws Exception {
        Result r = lcd.run("run", "--name", "fg-1", "busybox", "sh", "-c", "echo out; echo err >&2; exit 2");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEqualTo("out\n");
        Result logs = lcd.run("logs", "fg-1");
        assertThat(logs.out()).isEqualTo("out\n");
        assertThat(logs.err()).isEqualTo("err\n");
        lcd.run("rm", "fg-1");
    }

    @Test
    void attachFollowsOutputFromNowAndExitsWithTheContainersCode() throws Exception {
        Result r = lcd.run(
                "run",
                "-d",
                "--name",
                "at-3",
                "busybox",
                "sh",
                "-c",
                "echo before; while [ ! -f /go ]; do echo tick; sleep 0.2; done; echo late; echo late-err >&2; exit 3");
        assertThat(r.code()).as(r.err()).isZero();
        File out = File.createTempFile("lcd-attach", ".out");
        File err = File.createTempFile("lcd-attach", ".err");
        try {
            Process attach = lcd.builder(lcd.command("attach", "at-3"))
                    .redirectInput(new File("/dev/null"))
                    .redirectOutput(out)
                    .redirectError(err)
                    .start();
            Await.contains(() -> Files.readString(out.toPath()), "tick", 30); // attached
            assertThat(lcd.run("exec", "at-3", "touch", "/go").code()).isZero();
            assertThat(attach.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(attach.exitValue()).isEqualTo(3);
            String o = Files.readString(out.toPath());
            assertThat(o).doesNotContain("before").endsWith("tick\nlate\n");
            assertThat(Files.readString(err.toPath())).isEqualTo("late-err\n");
        } finally {
            out.delete();
            err.delete();
        }
        Result stopped = lcd.run("attach", "at-3");
        assertThat(stopped.code()).isEqualTo(125);
        assertThat(stopped.err()).contains("You cannot attach to a stopped container, start it first");
        lcd.run("rm", "at-3");
    }

    @Test
    void attachForwardsStdinOfAnInteractiveContainer() throws Exception {
        Result r = lcd.run(
                "run",
                "-d",
                "-i",
                "--name",
                "at-1",
                "busybox",
                "sh",
                "-c",
                "read a; echo got $a; read b; echo got2 $b >&2; exit 7");
        assertThat(r.code()).as(r.err()).isZero();
        Result a = lcd.runWithInput("hello\nworld\n", "attach", "at-1");
        assertThat(a.code()).isEqualTo(7);
        assertThat(a.out()).isEqualTo("got hello\n");
        assertThat(a.err()).isEqualTo("got2 world\n");
        // its output went to the log as well, and `start` keeps its stdin open again (docker's -i)
        assertThat(lcd.run("logs", "at-1").out()).isEqualTo("got hello\n");
        assertThat(lcd.run("start", "at-1").code()).isZero();
        Result again = lcd.runWithInput("x\ny\n", "attach", "at-1");
        assertThat(again.code()).isEqualTo(7);
        assertThat(again.out()).isEqualTo("got x\n");
        lcd.run("rm", "-f", "at-1");
    }

    @Test
    void attachToATerminalDetachesWithCtrlPCtrlQ() throws Exception {
        Result r = lcd.run("run", "-dit", "--name", "at-2", "busybox", "sh");
        assertThat(r.code()).as(r.err()).isZero();
        File code = File.createTempFile("lcd-attach", ".code");
        String cmd = String.join(" ", lcd.command("attach", "at-2")) + "; echo lcd-exit=$? > " + code;
        try {
            try (Tmux t = Tmux.start(lcd, cmd)) {
                // as with docker attach, the shell's prompt shows after the next key
                Thread.sleep(1000);
                t.keys("Enter");
                Await.contains(t::screen, "/ #", 30);
                t.keys("echo $((6*7))", "Enter");
                Await.contains(t::screen, "42", 10);
                t.keys("C-p", "C-q");
                Await.contains(() -> Files.readString(code.toPath()), "lcd-exit=1", 10); // as docker's
                assertThat(t.screen()).contains("read escape sequence");
            }
            assertThat(lcd.run("ps").out()).contains("at-2").contains(" Up ");
            Files.writeString(code.toPath(), "");
            try (Tmux t = Tmux.start(lcd, cmd)) {
                Thread.sleep(1000);
                t.keys("Enter");
                Await.contains(t::screen, "/ #", 30);
                t.keys("C-p", "x"); // not the sequence: both keys reach the shell
                t.keys("echo still here", "Enter");
                Await.contains(t::screen, "still here", 10);
                t.keys("exit 5", "Enter");
                Await.contains(() -> Files.readString(code.toPath()), "lcd-exit=5", 30);
            }
        } finally {
            code.delete();
        }
        // what the terminal showed is in the log, as docker logs shows a -t container's output
        assertThat(lcd.run("logs", "at-2").out()).contains("42");
        lcd.run("rm", "-f", "at-2");
    }

    @Test
    void eventsCarryContainerdsTimesAndDeletes() throws Exception {
        File out = File.createTempFile("lcd-events", ".json");
        Process events = lcd.builder(lcd.command("events", "--format", "json"))
                .redirectOutput(out)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            // subscribed once a probe's events show up
            Await.contains(
                    () -> {
                        lcd.run("run", "--rm", "busybox", "true");
                        return Files.readString(out.toPath());
                    },
                    "\"type\":\"delete\"",
                    60);
            // events received late still carry the time containerd published them
            new ProcessBuilder("kill", "-STOP", Long.toString(events.pid()))
                    .start()
                    .waitFor();
            Result r = lcd.run("run", "--rm", "--name", "ev-1", "busybox", "sh", "-c", "exit 3");
            assertThat(r.code()).isEqualTo(3);
            Instant ran = Instant.now();
            Thread.sleep(2000);
            new ProcessBuilder("kill", "-CONT", Long.toString(events.pid()))
                    .start()
                    .waitFor();
            Await.contains(() -> Files.readString(out.toPath()), "\"container\":\"ev-1\"}", 30);
            List<JsonNode> ev1 = new ArrayList<>();
            for (String line : Files.readAllLines(out.toPath(), StandardCharsets.UTF_8)) {
                JsonNode n = JSON.readTree(line);
                if (n.get("container").asText().equals("ev-1")) {
                    ev1.add(n);
                }
            }
            assertThat(ev1)
                    .extracting(n -> n.get("type").asText())
                    .containsExactly("create", "start", "exit", "delete");
            for (JsonNode n : ev1) {
                assertThat(Instant.parse(n.get("time").asText())).isBefore(ran);
            }
            JsonNode exit = ev1.get(2);
            assertThat(exit.get("exitCode").asInt()).isEqualTo(3);
            Instant exitedAt = Instant.parse(exit.get("exitedAt").asText());
            assertThat(Duration.between(exitedAt, Instant.parse(exit.get("time").asText())))
                    .isBetween(Duration.ZERO, Duration.ofSeconds(1));
        } finally {
            events.destroy();
            events.waitFor(10, TimeUnit.SECONDS);
            out.delete();
        }
    }
}
