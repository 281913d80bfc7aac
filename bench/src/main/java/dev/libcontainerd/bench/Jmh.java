package dev.libcontainerd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.libcontainerd.bench.jmh.SpecJsonBench;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the JMH micro-benchmarks ({@link SpecJsonBench}) in a forked JVM, writing {@code jmh.json}
 * to the results dir. (They can also run alone: {@code java -cp bench/target/bench.jar
 * org.openjdk.jmh.Main SpecJsonBench}.)
 */
final class Jmh {
    private Jmh() {}

    static Path run(Options o) throws RunnerException {
        Path out = o.results.toAbsolutePath().resolve("jmh.json");
        new Runner(new OptionsBuilder()
                        .include(SpecJsonBench.class.getName())
                        .forks(1)
                        .warmupIterations(o.quick ? 1 : 3)
                        .warmupTime(TimeValue.seconds(1))
                        .measurementIterations(o.quick ? 3 : 5)
                        .measurementTime(TimeValue.seconds(1))
                        .resultFormat(ResultFormatType.JSON)
                        .result(out.toString())
                        .verbosity(VerboseMode.SILENT)
                        .build())
                .run();
        return out;
    }

    /** The results as a Markdown table. */
    static String markdown(Path json) throws IOException {
        StringBuilder b =
                new StringBuilder("| benchmark | mode | score | error (99.9%) | unit |\n|---|---|---:|---:|---|\n");
        for (JsonNode r : new ObjectMapper().readTree(json.toFile())) {
            JsonNode m = r.get("primaryMetric");
            String name = r.get("benchmark").asText();
            b.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %.3f | %.3f | %s |%n",
                    name.substring(name.lastIndexOf('.') + 1),
                    r.get("mode").asText(),
                    m.get("score").asDouble(),
                    m.get("scoreError").asDouble(),
                    m.get("scoreUnit").asText()));
        }
        return b.toString();
    }
}
