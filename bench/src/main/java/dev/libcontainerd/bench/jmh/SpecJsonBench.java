package dev.libcontainerd.bench.jmh;

import dev.libcontainerd.oci.ProcessSpec;
import dev.libcontainerd.oci.Spec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The in-process part of every create and exec reachable through the public API: a container's
 * spec (containerd's Linux defaults, as {@code Spec.linuxDefaults} builds them) to JSON and back,
 * and an exec's process spec from JSON. Event decoding and dispatch are not public (the decoder
 * lives in {@code dev.libcontainerd.internal.events}), so they are measured end to end by the
 * exit-latency scenario instead.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SpecJsonBench {
    private Spec spec;
    private String specJson;
    private String processJson;

    @Setup
    public void setup() {
        spec = Spec.linuxDefaults("bench", "c1")
                .args("sh", "-c", "echo hi")
                .rootPath("/tmp/rootfs")
                .annotation("io.containerd.runc.v2.group", "g")
                .build();
        specJson = spec.toJson();
        processJson = spec.process().toJson();
    }

    /** What create sends: the spec serialized. */
    @Benchmark
    public String specEncode() {
        return spec.toJson();
    }

    /** Reading a spec back (restore, inspect, list). */
    @Benchmark
    public Spec specDecode() {
        return Spec.fromJson(specJson);
    }

    /** An exec's process spec from JSON, as a caller building execs from stored JSON would. */
    @Benchmark
    public ProcessSpec processDecode() {
        return ProcessSpec.fromJson(processJson);
    }
}
