package dev.libcontainerd.testing;

import dev.libcontainerd.oci.Mount;
import dev.libcontainerd.oci.ProcessSpec;
import dev.libcontainerd.oci.Spec;
import java.util.function.Consumer;

/** OCI specs for tests: the library's default spec ({@link Spec#linuxDefaults}) over the busybox rootfs. */
public final class Specs {
    private Specs() {}

    /** A spec running {@code args} in container {@code id} of namespace {@code ns}. */
    public static Spec spec(String ns, String id, boolean terminal, String... args) {
        return spec(ns, id, terminal, b -> { }, args);
    }

    /** Same, with a last edit through the builder. */
    public static Spec spec(String ns, String id, boolean terminal, Consumer<Spec.Builder> edit, String... args) {
        Spec.Builder b = Spec.linuxDefaults(ns, id)
                .rootPath(Rootfs.busybox())
                .rootReadonly(true)
                .terminal(terminal)
                .args(args)
                .addDefaultEnv("HOME=/root")
                .hostname(id.length() > 60 ? id.substring(0, 60) : id)
                .addMount(Mount.of("/tmp", "tmpfs", "tmpfs", "nosuid", "nodev", "size=65536k"));
        edit.accept(b);
        return b.build();
    }

    /** An exec process spec: the default process with {@code args}. */
    public static ProcessSpec process(boolean terminal, String... args) {
        return ProcessSpec.builderFrom(Spec.linuxDefaults().addDefaultEnv("HOME=/root").build())
                .terminal(terminal)
                .args(args)
                .build();
    }
}
