package dev.libcontainerd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code run -it} / {@code exec -it}: the signal keys reach the container, not the JVM. */
class RawTerminalIT {
    @RegisterExtension
    static final LcdProcess lcd = LcdProcess.perClass();

    @Test
    void ctrlCAndCtrlBackslashReachTheContainersForegroundProcess() throws Exception {
        File code = File.createTempFile("lcd-raw", ".code");
        String cmd = String.join(" ", lcd.command("run", "-it", "--rm", "--name", "raw-1", "busybox", "sh"))
                + " 2>&1; echo lcd-exit=$? > " + code;
        try (Tmux t = Tmux.start(lcd, cmd)) {
            Await.contains(t::screen, "/ #", 30);
            // an interactive shell drops the rest of a line on Ctrl-C: ask for $? on the next one
            t.keys("sleep 100", "Enter");
            Thread.sleep(500); // sleep runs
            t.keys("C-c");
            t.keys("echo rc=$?", "Enter");
            Await.contains(t::screen, "rc=130", 1); // SIGINT: 128 + 2, within a second
            t.keys("sleep 100", "Enter");
            Thread.sleep(500);
            t.keys("C-\\");
            t.keys("echo rq=$?", "Enter");
            Await.contains(t::screen, "rq=131", 1); // SIGQUIT: 128 + 3
            assertThat(t.screen()).doesNotContain("Full thread dump").doesNotContain("JNI global refs");
            t.keys("sleep 100", "Enter");
            Thread.sleep(500);
            t.keys("C-z");
            Await.contains(t::screen, "Stopped", 2); // SIGTSTP to the container's job, not to lcd
            t.keys("fg", "Enter"); // back to the foreground, and ended by a Ctrl-C
            Thread.sleep(500);
            t.keys("C-c");
            t.keys("exit 5", "Enter");
            Await.contains(() -> Files.readString(code.toPath()), "lcd-exit=5", 30);
        } finally {
            code.delete();
        }
        assertThat(lcd.run("ps", "-a", "-q").out()).doesNotContain("raw-1");
    }

    @Test
    void execItIsRawToo() throws Exception {
        assertThat(lcd.run("run", "-d", "--name", "raw-2", "busybox", "sleep", "300")
                        .code())
                .isZero();
        File code = File.createTempFile("lcd-raw", ".code");
        String cmd = String.join(" ", lcd.command("exec", "-it", "raw-2", "sh")) + " 2>&1; echo lcd-exit=$? > " + code;
        try (Tmux t = Tmux.start(lcd, cmd)) {
            Await.contains(t::screen, "/ #", 30);
            t.keys("sleep 100", "Enter");
            Thread.sleep(500);
            t.keys("C-c");
            t.keys("echo rc=$?", "Enter");
            Await.contains(t::screen, "rc=130", 1);
            t.keys("exit 3", "Enter");
            Await.contains(() -> Files.readString(code.toPath()), "lcd-exit=3", 30);
        } finally {
            code.delete();
            lcd.run("rm", "-f", "raw-2");
        }
    }

    @Test
    void aClosedTerminalEndsTheContainerAndRmRemovesIt() throws Exception {
        String cmd = String.join(" ", lcd.command("run", "-it", "--rm", "--name", "hup-1", "busybox", "sh"));
        try (Tmux t = Tmux.start(lcd, cmd)) {
            Await.contains(t::screen, "/ #", 30);
            t.tmux("kill-server"); // the terminal goes away under lcd
        }
        // lcd hangs the container's terminal up; whichever lcd runs next removes it once exited
        Await.contains(() -> lcd.run("ps", "-a", "-q").out().contains("hup-1") ? "still there" : "gone", "gone", 60);
    }
}
