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

    /**
     * Checks the ranges.
     *
     * @throws InvalidParameterException if a value is not an unsigned 32-bit integer
     */
    public LinuxIdMapping {
        if (containerId < 0 || containerId > UINT32_MAX || hostId < 0 || hostId > UINT32_MAX
                || size < 0 || size > UINT32_MAX) {
            throw new InvalidParameterException("id mapping values must be in 0.." + UINT32_MAX
                    + ": containerID=" + containerId + " hostID=" + hostId + " size=" + size);
        }
    }

    static LinuxIdMapping read(ObjectNode node, String where) {
        return new LinuxIdMapping(zero(OciFields.uint32(node, "containerID", where)),
                zero(OciFields.uint32(node, "hostID", where)),
                zero(OciFields.uint32(node, "size", where)));
    }

    private static long zero(Long v) {
        return v == null ? 0 : v;
    }

    ObjectNode toNode() {
        ObjectNode n = OciJson.newObject();
        n.set("containerID", OciJson.signed(containerId));
        n.set("hostID", OciJson.signed(hostId));
        n.set("size", OciJson.signed(size));
        return n;
    }
}
