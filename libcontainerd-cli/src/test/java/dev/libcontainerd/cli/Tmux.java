package dev.libcontainerd.cli;

import dev.libcontainerd.testing.Require;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A private tmux server running one command in a real terminal, for keys and screen checks. */
final class Tmux implements AutoCloseable {
    private final String server = "lcd-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();

    private Tmux() {}

    /** Starts {@code shellCommand} in a 100x30 window (fails under CI=true, else skips, without tmux). */
    static Tmux start(LcdProcess lcd, String shellCommand) throws IOException, InterruptedException {
        Require.binary("tmux");
        Tmux t = new Tmux();
        ProcessBuilder pb = lcd.builder(List.of(
                "tmux",
                "-L",
                t.server,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                "t",
                "-x",
                "100",
                "-y",
                "30",
                "sh",
                "-c",
                shellCommand + "; sleep 60"));
        pb.environment().putIfAbsent("TERM", "xterm");
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new AssertionError("tmux did not start: " + out);
        }
        return t;
    }

    /** The screen, with its scrollback. */
    String screen() throws IOException, InterruptedException {
        return tmux("capture-pane", "-p", "-S", "-200", "-t", "t");
    }

    /** Types keys, in tmux's key names ({@code C-c}, {@code Enter}) or literal text. */
    void keys(String... keys) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", "t"));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    String tmux(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("tmux", "-L", server));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        new ProcessBuilder("tmux", "-L", server, "kill-server").start().waitFor();
    }
}
