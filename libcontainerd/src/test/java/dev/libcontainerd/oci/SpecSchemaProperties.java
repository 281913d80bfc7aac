package dev.libcontainerd.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Whatever sequence of builder calls a user makes, with values the runtime-spec allows, the
 * result is a {@code config.json} the runtime-spec's JSON Schema accepts.
 */
class SpecSchemaProperties {
    private static final List<String> NAMESPACE_TYPES =
            List.of("pid", "network", "mount", "ipc", "uts", "user", "cgroup");

    @Property(tries = 300)
    void builtSpecsAreValid(
            @ForAll("edits") @Size(max = 25) List<UnaryOperator<Spec.Builder>> edits, @ForAll boolean fromDefaults) {
        // Either the defaults or the least the schema requires (a root path and a cwd, which no
        // edit below removes).
        Spec.Builder builder = fromDefaults
                ? Spec.linuxDefaults("ns", "id")
                : Spec.builder().ociVersion("1.0.2").cwd("/").rootPath("rootfs");
        for (UnaryOperator<Spec.Builder> edit : edits) {
            edit.apply(builder);
        }
        String json = builder.build().toJson();

        assertThat(RuntimeSpecSchema.errors(json)).as(json).isEmpty();
    }

    @Property(tries = 100)
    void builtResourcesAreValidInASpec(@ForAll("resources") LinuxResources resources) {
        String json = Spec.linuxDefaults().resources(resources).build().toJson();

        assertThat(RuntimeSpecSchema.errors(json)).as(json).isEmpty();
    }

    @Provide
    Arbitrary<List<UnaryOperator<Spec.Builder>>> edits() {
        Arbitrary<String> word =
                Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(8);
        Arbitrary<String> path = word.list().ofMinSize(1).ofMaxSize(3).map(p -> "/" + String.join("/", p));
        Arbitrary<Long> uint32 = Arbitraries.longs().between(0, 0xFFFF_FFFFL);
        Arbitrary<String> cap = Arbitraries.of("CAP_KILL", "CAP_CHOWN", "CAP_NET_RAW", "CAP_SYS_ADMIN");
        Arbitrary<Rlimit> rlimit = Combinators.combine(
                        Arbitraries.of("RLIMIT_NOFILE", "RLIMIT_NPROC", "RLIMIT_CORE"),
                        Arbitraries.longs(),
                        Arbitraries.longs())
                .as(Rlimit::new);
        Arbitrary<LinuxIdMapping> mapping =
                Combinators.combine(uint32, uint32, uint32).as(LinuxIdMapping::new);
        Arbitrary<Mount> mount = Combinators.combine(
                        path,
                        Arbitraries.of("tmpfs", "bind", "proc"),
                        word.injectNull(0.3),
                        Arbitraries.of("ro", "rw", "nosuid", "rbind").list().ofMaxSize(3))
                .as(Mount::new);
        Arbitrary<LinuxNamespace> namespace = Combinators.combine(Arbitraries.of(NAMESPACE_TYPES), path.injectNull(0.7))
                .as(LinuxNamespace::new);
        return Arbitraries.oneOf(
                        spec(word.list().ofMinSize(1).ofMaxSize(4), Spec.Builder::args),
                        spec(Combinators.combine(word, word).as((k, v) -> k + "=" + v), Spec.Builder::addEnv),
                        spec(Combinators.combine(word, word).as((k, v) -> k + "=" + v), Spec.Builder::addDefaultEnv),
                        spec(path, Spec.Builder::cwd),
                        spec(
                                Combinators.combine(uint32, uint32).as(List::of),
                                (b, ids) -> b.user(ids.get(0), ids.get(1))),
                        spec(Arbitraries.of(true, false), Spec.Builder::terminal),
                        spec(word, Spec.Builder::hostname),
                        spec(path, Spec.Builder::rootPath),
                        spec(Arbitraries.of(true, false), Spec.Builder::rootReadonly),
                        spec(mount, Spec.Builder::addMount),
                        spec(path, Spec.Builder::removeMount),
                        spec(word, (b, k) -> b.annotation(k, k)),
                        spec(path, Spec.Builder::cgroupsPath),
                        spec(resources(), Spec.Builder::mergeResources),
                        spec(namespace, Spec.Builder::addNamespace),
                        spec(Arbitraries.of(NAMESPACE_TYPES), Spec.Builder::removeNamespace),
                        spec(
                                mapping.list().ofMaxSize(2),
                                (b, m) -> b.uidMappings(m).gidMappings(m)),
                        spec(
                                path.list().ofMaxSize(3),
                                (b, p) -> b.maskedPaths(p).readonlyPaths(p)),
                        spec(
                                Combinators.combine(
                                                Arbitraries.integers().between(0, 500),
                                                Arbitraries.integers().between(0, 200))
                                        .as(ConsoleSize::new),
                                (b, size) -> b.editProcess(p -> p.consoleSize(size))),
                        spec(uint32.list().ofMaxSize(3), (b, g) -> b.editProcess(p -> p.additionalGids(g))),
                        spec(cap.list().ofMaxSize(3), (b, c) -> b.editProcess(p -> p.capabilities(Capabilities.of(c)))),
                        spec(rlimit.list().ofMaxSize(3), (b, r) -> b.editProcess(p -> p.rlimits(r))),
                        spec(Arbitraries.of(true, false), (b, n) -> b.editProcess(p -> p.noNewPrivileges(n))),
                        spec(
                                Arbitraries.integers().between(-1000, 1000),
                                (b, o) -> b.editProcess(p -> p.oomScoreAdj(o))),
                        spec(
                                word,
                                (b, l) ->
                                        b.editProcess(p -> p.apparmorProfile(l).selinuxLabel(l))))
                .list();
    }

    @Provide
    Arbitrary<LinuxResources> resources() {
        Arbitrary<Long> positive = Arbitraries.longs().between(1, Long.MAX_VALUE);
        Arbitrary<UnaryOperator<LinuxResources.Builder>> edit = Arbitraries.oneOf(
                resources(positive, LinuxResources.Builder::memoryLimit),
                resources(positive, LinuxResources.Builder::memoryReservation),
                resources(Arbitraries.longs().between(-1, Long.MAX_VALUE), LinuxResources.Builder::memorySwap),
                resources(positive, LinuxResources.Builder::cpuShares),
                resources(Arbitraries.longs().between(-1, Long.MAX_VALUE), LinuxResources.Builder::cpuQuota),
                resources(positive, LinuxResources.Builder::cpuPeriod),
                resources(Arbitraries.of("0", "0-1", "0,2"), (b, v) -> b.cpus(v).cpuMems(v)),
                resources(Arbitraries.longs().between(-1, 1 << 20), LinuxResources.Builder::pidsLimit),
                resources(
                        Arbitraries.of(Map.of("memory.high", "max"), Map.<String, String>of()),
                        LinuxResources.Builder::unified));
        return edit.list().ofMaxSize(8).map(edits -> {
            LinuxResources.Builder b = LinuxResources.builder();
            edits.forEach(e -> e.apply(b));
            return b.build();
        });
    }

    private static <T> Arbitrary<UnaryOperator<Spec.Builder>> spec(
            Arbitrary<T> values, BiConsumer<Spec.Builder, T> edit) {
        return values.map(v -> b -> {
            edit.accept(b, v);
            return b;
        });
    }

    private static <T> Arbitrary<UnaryOperator<LinuxResources.Builder>> resources(
            Arbitrary<T> values, BiConsumer<LinuxResources.Builder, T> edit) {
        return values.map(v -> b -> {
            edit.accept(b, v);
            return b;
        });
    }
}
