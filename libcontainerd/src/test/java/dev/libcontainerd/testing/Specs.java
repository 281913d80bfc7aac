package dev.libcontainerd.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.libcontainerd.oci.ProcessSpec;
import dev.libcontainerd.oci.Spec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/** OCI specs for tests: containerd's default spec (from `ctr oci spec`) over the busybox rootfs. */
public final class Specs {
    private static final ObjectMapper M = new ObjectMapper();
    private static final ObjectNode BASE;

    static {
        try (InputStream in = Specs.class.getResourceAsStream("/base-spec.json")) {
            BASE = (ObjectNode) M.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Specs() {}

    /** A spec running {@code args} in container {@code id} of namespace {@code ns}. */
    public static Spec spec(String ns, String id, boolean terminal, String... args) {
        return spec(ns, id, terminal, n -> { }, args);
    }

    /** Same, with a last edit of the JSON tree. */
    public static Spec spec(String ns, String id, boolean terminal, Consumer<ObjectNode> edit, String... args) {
        ObjectNode n = BASE.deepCopy();
        ObjectNode root = (ObjectNode) n.get("root");
        root.put("path", Rootfs.busybox().toString());
        root.put("readonly", true);
        ObjectNode process = (ObjectNode) n.get("process");
        process.put("terminal", terminal);
        ArrayNode a = process.putArray("args");
        for (String s : args) {
            a.add(s);
        }
        n.put("hostname", id.length() > 60 ? id.substring(0, 60) : id);
        ObjectNode tmp = ((ArrayNode) n.get("mounts")).addObject();
        tmp.put("destination", "/tmp").put("type", "tmpfs").put("source", "tmpfs");
        tmp.putArray("options").add("nosuid").add("nodev").add("size=65536k");
        ((ObjectNode) n.get("linux")).put("cgroupsPath", "/" + ns + "/" + id);
        edit.accept(n);
        return Spec.fromJson(n.toString());
    }

    /** An exec process spec: the default process with {@code args}. */
    public static ProcessSpec process(boolean terminal, String... args) {
        ObjectNode p = BASE.get("process").deepCopy();
        p.put("terminal", terminal);
        ArrayNode a = p.putArray("args");
        for (String s : args) {
            a.add(s);
        }
        return ProcessSpec.fromJson(p.toString());
    }
}
