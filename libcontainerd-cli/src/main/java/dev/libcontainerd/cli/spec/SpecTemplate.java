package dev.libcontainerd.cli.spec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.libcontainerd.cli.CliException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starting points for specs, as JSON trees: containerd's default Linux spec (what {@code ctr oci
 * spec} prints), or a user's {@code config.json}. Trees rather than a model so that every field
 * of a user's file reaches runc whole.
 */
public final class SpecTemplate {
    /** Shared, thread-safe JSON mapper. */
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectNode DEFAULT = load();

    private SpecTemplate() {}

    /** A fresh copy of containerd's default Linux spec (PATH set, root path still relative). */
    public static ObjectNode linuxDefault() {
        return DEFAULT.deepCopy();
    }

    /** A fresh copy of the default spec's process object. */
    public static ObjectNode defaultProcess() {
        return (ObjectNode) DEFAULT.get("process").deepCopy();
    }

    /** A user's config.json. */
    public static ObjectNode read(Path file) {
        try {
            if (!(JSON.readTree(file.toFile()) instanceof ObjectNode n)) {
                throw new CliException(file + " is not a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new CliException("cannot read spec " + file + ": " + e.getMessage(), e);
        }
    }

    private static ObjectNode load() {
        try (InputStream in = SpecTemplate.class.getResourceAsStream("/dev/libcontainerd/cli/base-spec.json")) {
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code file} exists, for messages that name it. */
    public static boolean exists(Path file) {
        return Files.exists(file);
    }
}
