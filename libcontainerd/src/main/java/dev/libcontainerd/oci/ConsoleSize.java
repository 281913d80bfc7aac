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
    static final Field<Long> HEIGHT = Field.of("height", Kind.UINT32);
    static final Field<Long> WIDTH = Field.of("width", Kind.UINT32);
    static final Kind<ConsoleSize> KIND = Kind.object(Schema.of(HEIGHT, WIDTH), ConsoleSize::read, ConsoleSize::toNode);

    /**
     * Checks the size.
     *
     * @throws InvalidParameterException if either dimension is negative
     */
    public ConsoleSize {
        if (width < 0 || height < 0) {
            throw new InvalidParameterException("console size must not be negative: " + width + "x" + height);
        }
    }

    private static ConsoleSize read(ObjectNode node) {
        // Go's uint; a terminal beyond 2^31 characters does not exist, so clamp, never fail.
        return new ConsoleSize(clamp(WIDTH.get(node)), clamp(HEIGHT.get(node)));
    }

    private static int clamp(Long v) {
        return v == null ? 0 : (int) Math.min(v, Integer.MAX_VALUE);
    }

    private ObjectNode toNode() {
        ObjectNode n = OciJson.newObject();
        HEIGHT.set(n, (long) height);
        WIDTH.set(n, (long) width);
        return n;
    }
}
