package dev.libcontainerd.internal.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Removing what the client kept on disk; never fails, logs what it could not remove. */
final class Dirs {
    private static final Logger log = LoggerFactory.getLogger(Dirs.class);

    private Dirs() {}

    /** Removes {@code dir} and everything below it. */
    static void removeTree(Path dir) {
        delete(dir, true);
    }

    /** Removes everything below {@code dir}, keeping the directory itself. */
    static void empty(Path dir) {
        delete(dir, false);
    }

    private static void delete(Path dir, boolean includingDir) {
        // a clean-up running beside this one (an exec's FIFOs) may remove files under the walk
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                deleteOnce(dir, includingDir);
                return;
            } catch (UncheckedIOException e) {
                log.debug(
                        "{} changed while it was removed ({}); again",
                        dir,
                        e.getCause().toString());
            }
        }
        log.warn("failed to remove {}: it kept changing", dir);
    }

    private static void deleteOnce(Path dir, boolean includingDir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder())
                    .filter(p -> includingDir || !p.equals(dir))
                    .forEach(p -> {
                        try {
                            Files.deleteIfExists(p);
                        } catch (IOException e) {
                            log.warn("failed to remove {}: {}", p, e.toString());
                        }
                    });
        } catch (NoSuchFileException e) {
            // nothing was ever kept there
        } catch (IOException e) {
            log.warn("failed to remove {}: {}", dir, e.toString());
        }
    }
}
