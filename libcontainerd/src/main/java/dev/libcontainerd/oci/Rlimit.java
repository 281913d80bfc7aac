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

    static final Field<String> TYPE = Field.of("type", Kind.STRING);
    static final Field<Long> HARD = Field.of("hard", Kind.UINT64);
    static final Field<Long> SOFT = Field.of("soft", Kind.UINT64);
    static final Kind<Rlimit> KIND = Kind.object(Schema.of(TYPE, HARD, SOFT), Rlimit::read, Rlimit::toNode);

    /**
     * Checks the type.
     *
     * @throws dev.libcontainerd.errdefs.InvalidParameterException if {@code type} is null
     */
    public Rlimit {
        OciJson.requireNonNull(type, "rlimit type");
    }

    private static Rlimit read(ObjectNode node) {
        return new Rlimit(TYPE.getOr(node, ""), HARD.getOr(node, 0L), SOFT.getOr(node, 0L));
    }

    private ObjectNode toNode() {
        ObjectNode n = OciJson.newObject();
        TYPE.set(n, type);
        HARD.set(n, hard);
        SOFT.set(n, soft);
        return n;
    }
}
