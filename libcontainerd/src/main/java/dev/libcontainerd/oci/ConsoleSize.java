package dev.libcontainerd.oci;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.libcontainerd.errdefs.InvalidParameterException;

/**
 * The OCI {@code process.consoleSize}: the terminal's initial size, in characters.
 *
 * @param width columns ({@code width} in JSON), at least 0
 * @param height rows ({@code height} in JSON), at least 0
 */
public record ConsoleSize(int width, int height) {
    /**
     * Checks the size.
     *
     * @throws InvalidParameterException if either dimension is negative
     */
    public ConsoleSize {
        if (width < 0 || height < 0) {
            throw new InvalidParameterException(
                    "console size must not be negative: " + width + "x" + height);
        }
    }

    static ConsoleSize read(ObjectNode node, String where) {
        Long height = OciFields.uint32(node, "height", where);
        Long width = OciFields.uint32(node, "width", where);
        // Go's uint; a terminal beyond 2^31 characters does not exist, so clamp, never fail.
        return new ConsoleSize(clamp(width), clamp(height));
    }

    private static int clamp(Long v) {
        return v == null ? 0 : (int) Math.min(v, Integer.MAX_VALUE);
    }

    ObjectNode toNode() {
        ObjectNode n = OciJson.newObject();
        n.put("height", height);
        n.put("width", width);
        return n;
    }
}
