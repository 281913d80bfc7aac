package dev.libcontainerd.oci;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One entry of the OCI {@code process.rlimits}: a POSIX resource limit for the process.
 *
 * <p>{@code hard} and {@code soft} are unsigned 64-bit values held in a {@code long} with the
 * same bits, as Go's {@code uint64}: {@code -1} is {@code 2^64-1}, which the kernel reads as
 * {@code RLIM_INFINITY}; {@link Long#toUnsignedString(long)} prints them.
 *
 * @param type the limit, such as {@code RLIMIT_NOFILE}; never null
 * @param hard the hard limit (unsigned)
 * @param soft the soft limit (unsigned)
 */
public record Rlimit(String type, long hard, long soft) {
    /** The unsigned value {@code 2^64-1}: no limit. */
    public static final long INFINITY = -1L;

    /**
     * Checks the type.
     *
     * @throws dev.libcontainerd.errdefs.InvalidParameterException if {@code type} is null
     */
    public Rlimit {
        OciJson.requireNonNull(type, "rlimit type");
    }

    static Rlimit read(ObjectNode node, String where) {
        String type = OciFields.string(node, "type", where);
        Long hard = OciFields.uint64(node, "hard", where);
        Long soft = OciFields.uint64(node, "soft", where);
        return new Rlimit(type == null ? "" : type, hard == null ? 0 : hard,
                soft == null ? 0 : soft);
    }

    ObjectNode toNode() {
        ObjectNode n = OciJson.newObject();
        n.put("type", type);
        n.set("hard", OciJson.unsigned(hard));
        n.set("soft", OciJson.unsigned(soft));
        return n;
    }
}
