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
    static final Field<String> DESTINATION = Field.of("destination", Kind.STRING);
    static final Field<String> TYPE = Field.of("type", Kind.STRING);
    static final Field<String> SOURCE = Field.of("source", Kind.STRING);
    static final Field<List<String>> OPTIONS = Field.of("options", Kind.STRINGS);
    static final Kind<Mount> KIND =
            Kind.object(Schema.of(DESTINATION, TYPE, SOURCE, OPTIONS), Mount::read, Mount::toNode);

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
        return new Mount(destination, type, source, List.of(OciJson.requireNonNull(options, "mount options")));
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

    private static Mount read(ObjectNode node) {
        return new Mount(DESTINATION.getOr(node, ""), TYPE.get(node), SOURCE.get(node), OPTIONS.get(node));
    }

    /** The entry as runc reads it; empty fields are left out, as Go's {@code omitempty} does. */
    ObjectNode toNode() {
        ObjectNode n = OciJson.newObject();
        DESTINATION.set(n, destination);
        TYPE.set(n, type);
        SOURCE.set(n, source);
        OPTIONS.set(n, options.isEmpty() ? null : options);
        return n;
    }
}
