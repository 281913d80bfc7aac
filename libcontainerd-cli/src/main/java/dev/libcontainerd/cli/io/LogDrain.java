package dev.libcontainerd.cli.io;

import dev.libcontainerd.cli.CliException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps a detached container's output flowing into a log file after the tool has exited: a
 * FIFO nobody reads fills up and then blocks the container's writes. A small {@code cat} per
 * stream, in its own session, reads the FIFOs until the container's end closes them.
 */
public final class LogDrain {
    private LogDrain() {}

    /**
     * Starts draining the FIFOs of {@code processId} (the library's {@code <dir>/<process>-stdout}
     * and {@code -stderr}) into {@code log}. Call it from the stdio callback, while the library
     * still holds a writer: the drain opens the FIFOs at once and this returns only then, so no
     * output is written before someone reads.
     */
    public static void start(Path fifoDir, String processId, Path log) {
        Path out = fifoDir.resolve(processId + "-stdout");
        Path err = fifoDir.resolve(processId + "-stderr");
        String script = "exec 3<\"$1\"; if [ -p \"$2\" ]; then exec 4<\"$2\"; else exec 4</dev/null; fi; "
                + "echo ready; exec >/dev/null; "
                + "cat <&3 >>\"$3\" & cat <&4 >>\"$3\" & exec 3<&- 4<&-; wait";
        try {
            Files.createDirectories(log.getParent());
            Process p = new ProcessBuilder("setsid", "sh", "-c", script, "lcd-log", out.toString(),
                    err.toString(), log.toString())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String line = new String(p.getInputStream().readNBytes(6), StandardCharsets.US_ASCII);
            if (!line.startsWith("ready")) {
                throw new IOException("the log reader did not start");
            }
        } catch (IOException e) {
            throw new CliException("cannot keep the container's output in " + log + ": " + e.getMessage(), e);
        }
    }
}
