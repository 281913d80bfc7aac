package dev.libcontainerd.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.libcontainerd.oci.ProcessSpec;
import dev.libcontainerd.oci.Spec;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Specs for the library side, from the very default spec ctr itself uses ({@code ctr oci spec},
 * read once at start-up), so both sides hand runc the same config: root.path, args and
 * cgroupsPath {@code /<ns>/<id>} as {@code ctr run --rootfs} sets them, plus containerd's default PATH.
 */
final class SpecJson {
    /** containerd's default PATH; ctr gets it with --env so both specs stay alike. */
    static final String PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final ObjectMapper M = new ObjectMapper();
    private final ObjectNode base;
    private final Path rootfs;

    SpecJson(String ctrOciSpec, Path rootfs) throws IOException {
        this.base = (ObjectNode) M.readTree(ctrOciSpec);
        this.rootfs = rootfs;
    }

    Spec spec(String ns, String id, String... args) {
        ObjectNode n = base.deepCopy();
        ((ObjectNode) n.get("root")).put("path", rootfs.toString());
        args((ObjectNode) n.get("process"), args);
        ((ObjectNode) n.get("linux")).put("cgroupsPath", "/" + ns + "/" + id);
        return Spec.fromJson(n.toString());
    }

    /** The container's process with other args, as {@code ctr task exec} builds an exec's spec. */
    ProcessSpec process(String... args) {
        ObjectNode p = base.get("process").deepCopy();
        p.put("terminal", false);
        args(p, args);
        return ProcessSpec.fromJson(p.toString());
    }

    private static void args(ObjectNode process, String... args) {
        if (!process.has("env")) {
            // containerd's default PATH (oci.defaultUnixEnv), which `ctr oci spec` leaves out
            process.putArray("env").add(PATH);
        }
        ArrayNode a = process.putArray("args");
        for (String s : args) {
            a.add(s);
        }
    }
}
