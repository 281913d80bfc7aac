package dev.libcontainerd.internal.stdio;

import com.sun.jna.LastErrorException;
import dev.libcontainerd.errdefs.ConflictException;
import dev.libcontainerd.errdefs.SystemException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FIFO paths of one process: {@code <dir>/<processId>-stdin|-stdout|-stderr}. No stdin path
 * without stdin, no stderr path in terminal mode (a terminal merges it into stdout).
 *
 * @param stdin the stdin FIFO, or {@code null}
 * @param stdout the stdout FIFO
 * @param stderr the stderr FIFO, or {@code null}
 * @param terminal whether the process has a terminal
 */
public record FifoSet(Path stdin, Path stdout, Path stderr, boolean terminal) {
    private static final Logger log = LoggerFactory.getLogger(FifoSet.class);

    /** The FIFO set of {@code processId} in {@code dir}, following the seed's naming. */
    public static FifoSet of(Path dir, String processId, boolean withStdin, boolean terminal) {
        return new FifoSet(
                withStdin ? dir.resolve(processId + "-stdin") : null,
                dir.resolve(processId + "-stdout"),
                terminal ? null : dir.resolve(processId + "-stderr"),
                terminal);
    }

    /** Every FIFO path a process may have, for removing leftovers whatever its mode was. */
    public static FifoSet all(Path dir, String processId) {
        return new FifoSet(
                dir.resolve(processId + "-stdin"),
                dir.resolve(processId + "-stdout"),
                dir.resolve(processId + "-stderr"),
                false);
    }

    /**
     * Creates the FIFOs (mode 0600). A path that already exists means the process id is in use:
     * {@link ConflictException}, and nothing is removed. On any failure the FIFOs created here
     * are removed again.
     */
    public void create() {
        Path[] paths = {stdin, stdout, stderr};
        int made = 0;
        try {
            for (Path p : paths) {
                if (p != null) {
                    mkfifo(p);
                }
                made++;
            }
        } catch (RuntimeException e) {
            for (int i = 0; i < made; i++) {
                deleteQuietly(paths[i]);
            }
            throw e;
        }
    }

    /** Whether any of the FIFO files exists. */
    public boolean anyExists() {
        return (stdin != null && Files.exists(stdin, LinkOption.NOFOLLOW_LINKS))
                || Files.exists(stdout, LinkOption.NOFOLLOW_LINKS)
                || (stderr != null && Files.exists(stderr, LinkOption.NOFOLLOW_LINKS));
    }

    /** Removes the FIFO files; never fails (open descriptors stay readable). */
    public void remove() {
        deleteQuietly(stdin);
        deleteQuietly(stdout);
        deleteQuietly(stderr);
    }

    private static void mkfifo(Path p) {
        try {
            LibC.INSTANCE.mkfifo(p.toString(), 0600);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == LibC.EEXIST) {
                throw new ConflictException("process id in use: " + p.getFileName() + " exists");
            }
            throw new SystemException("mkfifo " + p + " failed: errno " + e.getErrorCode(), e);
        }
    }

    /** Creates {@code dir} (and parents) with mode 0700 if missing. */
    public static void createDir(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
        } catch (IOException e) {
            throw new SystemException("prepare bundle dir " + dir + " failed: " + e.getMessage(), e);
        }
    }

    /** Removes {@code dir} if it is empty; never fails. */
    public static void removeDirIfEmpty(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            log.debug("keeping {}: {}", dir, e.toString());
        }
    }

    static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            log.warn("failed to remove fifo {}: {}", p, e.toString());
        }
    }
}
