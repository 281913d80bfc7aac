package dev.libcontainerd.oci;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.libcontainerd.errdefs.InvalidParameterException;

/**
 * One entry of the OCI {@code linux.uidMappings} or {@code linux.gidMappings}: a range of ids
 * inside a user namespace and the host ids they stand for.
 *
 * @param containerId the first id inside the container ({@code containerID}), 0 to 2^32-1
 * @param hostId the first id on the host ({@code hostID}), 0 to 2^32-1
 * @param size how many consecutive ids are mapped, 0 to 2^32-1
 */
public record LinuxIdMapping(long containerId, long hostId, long size) {
    private static final long UINT32_MAX = 0xFFFF_FFFFL;

    static final Field<Long> CONTAINER_ID = Field.of("containerID", Kind.UINT32);
    static final Field<Long> HOST_ID = Field.of("hostID", Kind.UINT32);
    static final Field<Long> SIZE = Field.of("size", Kind.UINT32);
    static final Kind<LinuxIdMapping> KIND =
            Kind.object(Schema.of(CONTAINER_ID, HOST_ID, SIZE), LinuxIdMapping::read, LinuxIdMapping::toNode);

    /**
     * Checks the ranges.
     *
     * @throws InvalidParameterException if a value is not an unsigned 32-bit integer
     */
    public LinuxIdMapping {
        if (containerId < 0
                || containerId > UINT32_MAX
                || hostId < 0
                || hostId > UINT32_MAX
                || size < 0
                || size > UINT32_MAX) {
            throw new InvalidParameterException("id mapping values must be in 0.." + UINT32_MAX + ": containerID="
                    + containerId + " hostID=" + hostId + " size=" + size);
        }
    }

    private static LinuxIdMapping read(ObjectNode node) {
        return new LinuxIdMapping(CONTAINER_ID.getOr(node, 0L), HOST_ID.getOr(node, 0L), SIZE.getOr(node, 0L));
    }

    private ObjectNode toNode() {
        ObjectNode n = OciJson.newObject();
        CONTAINER_ID.set(n, containerId);
        HOST_ID.set(n, hostId);
        SIZE.set(n, size);
        return n;
    }
}
