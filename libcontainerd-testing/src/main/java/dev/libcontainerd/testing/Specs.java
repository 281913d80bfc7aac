package dev.libcontainerd.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.libcontainerd.oci.Mount;
import dev.libcontainerd.oci.ProcessSpec;
import dev.libcontainerd.oci.Spec;
import java.util.function.Consumer;

/** OCI specs for tests: the library's default spec ({@link Spec#linuxDefaults}) over the busybox rootfs. */
public final class Specs {
    private static final ObjectMapper M = new ObjectMapper();

    private Specs() {}

    /** A spec running {@code args} in container {@code id} of namespace {@code ns}. */
    public static Spec spec(String ns, String id, boolean terminal, String... args) {
        return spec(ns, id, terminal, b -> {}, args);
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

    /**
     * Same, with a last edit of the JSON tree: for specs the builder would refuse (a missing or
     * relative root, a negative size), which the library must refuse itself.
     */
    public static Spec jsonSpec(String ns, String id, boolean terminal, Consumer<ObjectNode> edit, String... args) {
        ObjectNode tree;
        try {
            tree = (ObjectNode) M.readTree(spec(ns, id, terminal, args).toJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        edit.accept(tree);
        return Spec.fromJson(tree.toString());
    }

    /** An exec process spec: the default process with {@code args}. */
    public static ProcessSpec process(boolean terminal, String... args) {
        return ProcessSpec.builderFrom(
                        Spec.linuxDefaults().addDefaultEnv("HOME=/root").build())
                .terminal(terminal)
                .args(args)
                .build();
    }
}
