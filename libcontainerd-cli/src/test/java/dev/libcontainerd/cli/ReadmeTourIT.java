package dev.libcontainerd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libcontainerd.CheckpointSupport;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every command of README's CLI tour, exactly as written, typed into a shell on a real terminal
 * (tmux) in the repository's root, one after the other. Interactive ones get {@code exit}
 * typed, streaming ones a Ctrl-C.
 */
class ReadmeTourIT {
    private static final Pattern DONE = Pattern.compile("@done(\\d+) rc=(\\d+)");

    @RegisterExtension
    static final LcdProcess lcd = LcdProcess.perClass();

    /** The lines of the first {@code sh} block under "## A tour of the CLI". */
    static List<String> tour(Path readme) throws Exception {
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int section = text.indexOf("## A tour of the CLI");
        assertThat(section).as("README has a CLI tour").isNotNegative();
        int from = text.indexOf("```sh\n", section) + 6;
        int to = text.indexOf("```", from);
        List<String> lines = new ArrayList<>();
        for (String l : text.substring(from, to).split("\n")) {
            if (!l.isBlank()) {
                lines.add(l);
            }
        }
        return lines;
    }

    @Test
    void everyTourCommandRunsAsWritten() throws Exception {
        Path root = Path.of(System.getProperty("lcd.launcher", "../lcd"))
                .toAbsolutePath()
                .normalize()
                .getParent();
        List<String> lines = tour(root.resolve("README.md"));
        assertThat(lines).hasSizeGreaterThan(10);
        Path ckpt = Path.of("/tmp/web.ckpt");
        deleteTree(ckpt); // the tour's checkpoint dir must be new
        File log = File.createTempFile("lcd-tour", ".log");
        boolean criu = CheckpointSupport.probe().supported();
        String shell = "cd " + root + " && PROMPT_COMMAND='r=$?; n=$((n+1)); echo \"@done$n rc=$r\"' PS1='$ '"
                + " exec bash --norc --noprofile -i";
        try (Tmux t = Tmux.start(lcd, shell)) {
            t.tmux("pipe-pane", "-o", "-t", "t", "cat >> " + log);
            t.keys("Enter"); // a prompt now that the pipe is there
            Await.contains(() -> Files.readString(log.toPath()), "@done", 30);
            int before = count(log);
            for (String line : lines) {
                t.keys("-l", line);
                t.keys("Enter");
                if (line.contains(" -it ")) {
                    Await.contains(() -> tail(log), "/ #", 60);
                    t.keys("exit", "Enter");
                } else if (line.contains(" events") || line.matches(".*lcd stats [a-z].*")) {
                    Thread.sleep(3000); // streams until interrupted
                    t.keys("C-c");
                }
                int index = lines.indexOf(line) + 1;
                Await.contains(() -> Files.readString(log.toPath()), "@done" + (before + index) + " ", 120);
                int rc = rc(log, before + index);
                if (line.contains(" events") || line.matches(".*lcd stats [a-z].*")) {
                    assertThat(rc).as(line).isIn(0, 130);
                } else if (line.contains("checkpoint") && !criu) {
                    // this host's CRIU cannot checkpoint: one clear line, the container untouched
                    assertThat(rc).as(line).isEqualTo(125);
                } else {
                    assertThat(rc)
                            .as(line + "\n" + Files.readString(log.toPath()))
                            .isZero();
                }
            }
        } finally {
            deleteTree(ckpt);
            log.delete();
        }
    }

    private static int count(File log) throws Exception {
        Matcher m = DONE.matcher(Files.readString(log.toPath()));
        int n = 0;
        while (m.find()) {
            n = Integer.parseInt(m.group(1));
        }
        return n;
    }

    private static int rc(File log, int n) throws Exception {
        Matcher m = DONE.matcher(Files.readString(log.toPath()));
        while (m.find()) {
            if (Integer.parseInt(m.group(1)) == n) {
                return Integer.parseInt(m.group(2));
            }
        }
        throw new AssertionError("no @done" + n);
    }

    private static String tail(File log) throws Exception {
        String s = Files.readString(log.toPath());
        int i = s.lastIndexOf("@done");
        return i < 0 ? s : s.substring(i);
    }

    private static void deleteTree(Path p) throws Exception {
        if (Files.exists(p)) {
            try (var files = Files.walk(p)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
