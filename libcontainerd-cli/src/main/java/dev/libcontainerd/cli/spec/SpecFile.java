package dev.libcontainerd.cli.spec;

import dev.libcontainerd.cli.CliException;
import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.oci.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A user's {@code config.json} ({@code run --spec}), read through the library's model so that
 * every field of it, known or not, reaches runc whole.
 */
public final class SpecFile {
    private SpecFile() {}

    /** Reads and checks {@code file}; any problem is one line naming the file. */
    public static Spec read(Path file) {
        try {
            return Spec.fromJson(Files.readString(file));
        } catch (IOException e) {
            throw new CliException("cannot read spec " + file + ": " + e.getMessage(), e);
        } catch (InvalidParameterException e) {
            throw new CliException(file + ": " + e.getMessage(), e);
        }
    }
}
