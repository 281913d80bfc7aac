package dev.libcontainerd.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a client may leave behind once its containers are deleted and it is closed: descriptors
 * of its state dir still open in this JVM, FIFO files still on disk, and its threads. Checked at
 * every integration test's teardown ({@link ClientTestBase}).
 */
public final class Leaks {
    private Leaks() {}

    /** Open descriptors of this JVM pointing below {@code dir}, as /proc/self/fd shows them. */
    public static List<String> openUnder(Path dir) {
        List<String> out = new ArrayList<>();
        String prefix = dir.toAbsolutePath().normalize().toString() + "/";
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith(prefix)) {
                        out.add(fd.getFileName() + " -> " + target);
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** FIFO files below {@code dir}. */
    public static List<Path> fifosUnder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> !Files.isDirectory(p) && !Files.isRegularFile(p) && !Files.isSymbolicLink(p))
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Live threads the library made for {@code namespace} (event workers, timer, stdio pump). */
    public static List<String> threadsOf(String namespace) {
        return Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(n -> n.startsWith("libcontainerd-")
                        && (n.endsWith("-" + namespace) || n.contains("-" + namespace + "-")))
                .toList();
    }
}
