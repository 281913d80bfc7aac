package dev.libcontainerd.oci;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One entry of the OCI {@code mounts}: a filesystem mounted into the container.
 *
 * <p>Read from a {@link Spec}, this is a view of the entry's known fields; fields this class
 * does not know (such as {@code uidMappings}) stay in the spec, and survive as long as the entry
 * is not replaced.
 *
 * @param destination the absolute path inside the container; never null
 * @param type the filesystem type ({@code tmpfs}, {@code proc}, {@code bind} …), or null
 * @param source the device, file system name or host path, or null
 * @param options mount options ({@code nosuid}, {@code ro}, {@code rbind} …); unmodifiable, empty
 *     when there are none
 */
public record Mount(String destination, String type, String source, List<String> options) {
    /**
     * Checks and copies the values.
     *
     * @throws dev.libcontainerd.errdefs.InvalidParameterException if {@code destination} is
     *     null or {@code options} contains null
     */
    public Mount {
        OciJson.requireNonNull(destination, "mount destination");
        if (options == null) {
            options = List.of();
        } else {
            options.forEach(o -> OciJson.requireElement(o, "mount options"));
            options = List.copyOf(options);
        }
    }

    /** A mount with the given options. */
    public static Mount of(String destination, String type, String source, String... options) {
        return new Mount(destination, type, source,
                List.of(OciJson.requireNonNull(options, "mount options")));
    }

    /**
     * A recursive bind mount of a host path, as containerd and Docker write them: type {@code
     * bind} with options {@code rbind} and {@code ro} or {@code rw}.
     *
     * @param source the host path
     * @param destination the path inside the container
     * @param readonly whether the container may not write through it
     */
    public static Mount bind(String source, String destination, boolean readonly) {
        return new Mount(destination, "bind", source, List.of("rbind", readonly ? "ro" : "rw"));
    }

    static Mount read(ObjectNode node, String where) {
        String destination = OciFields.string(node, "destination", where);
        return new Mount(destination == null ? "" : destination,
                OciFields.string(node, "type", where), OciFields.string(node, "source", where),
                OciFields.strings(node, "options", where));
    }

    /** The entry as runc reads it; empty fields are left out, as Go's {@code omitempty} does. */
    ObjectNode toNode() {
        ObjectNode n = OciJson.newObject();
        n.put("destination", destination);
        if (type != null) {
            n.put("type", type);
        }
        if (source != null) {
            n.put("source", source);
        }
        if (!options.isEmpty()) {
            n.set("options", OciJson.strings(options, "mount options"));
        }
        return n;
    }
}
