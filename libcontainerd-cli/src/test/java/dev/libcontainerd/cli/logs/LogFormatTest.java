package dev.libcontainerd.cli.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.libcontainerd.cli.CliException;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFormatTest {
    @TempDir
    Path dir;

    @Test
    void bytesComeBackExactlyWithTheirStreamAndTime() throws Exception {
        Path log = dir.resolve("c.log");
        Instant before = Instant.now();
        try (LogWriter w = LogWriter.open(log)) {
            OutputStream out = w.stream("stdout");
            OutputStream err = w.stream("stderr");
            out.write("one\ntw".getBytes(StandardCharsets.UTF_8));
            err.write("oops\n".getBytes(StandardCharsets.UTF_8));
            out.write("o\r\n/ # ".getBytes(StandardCharsets.UTF_8));
        }
        try (LogReader r = LogReader.open(log, false)) {
            List<LogRecord> records = r.next();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            for (LogRecord rec : records) {
                (rec.stderr() ? err : out).write(rec.output());
                assertThat(rec.time()).isBetween(before, Instant.now());
            }
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("one\ntwo\r\n/ # ");
            assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("oops\n");
            assertThat(records).extracting(LogRecord::complete).containsExactly(true, false, true, true, false);
            assertThat(r.next()).isEmpty();
        }
    }

    @Test
    void aLineBeingWrittenWaitsAndATornLineIsSkipped() throws Exception {
        Path log = dir.resolve("t.log");
        Files.writeString(log, "garbage\n2026-11-30T17:50:17.5Z stdout F hi\n2026-11-30T17:50:18Z stdout F ha");
        try (LogReader r = LogReader.open(log, false)) {
            assertThat(r.next())
                    .extracting(x -> new String(x.bytes(), StandardCharsets.UTF_8))
                    .containsExactly("hi");
            Files.writeString(log, "lf\n", java.nio.file.StandardOpenOption.APPEND);
            assertThat(r.next())
                    .extracting(x -> new String(x.bytes(), StandardCharsets.UTF_8))
                    .containsExactly("half");
        }
    }

    @Test
    void sinceTakesDockersForms() {
        Instant now = Instant.parse("2026-11-30T18:00:00Z");
        assertThat(Since.parse("10m", now)).isEqualTo(now.minus(Duration.ofMinutes(10)));
        assertThat(Since.parse("1h30m", now)).isEqualTo(now.minus(Duration.ofMinutes(90)));
        assertThat(Since.parse("1.5s", now)).isEqualTo(now.minusMillis(1500));
        assertThat(Since.parse("2026-11-30T17:50:17Z", now)).isEqualTo(Instant.parse("2026-11-30T17:50:17Z"));
        assertThat(Since.parse("2026-11-30T18:50:17.25+01:00", now))
                .isEqualTo(Instant.parse("2026-11-30T17:50:17.25Z"));
        assertThat(Since.parse("1764524417.5", now)).isEqualTo(Instant.ofEpochSecond(1764524417, 500_000_000));
        assertThatThrownBy(() -> Since.parse("yesterday", now))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("invalid value for --since");
    }
}
