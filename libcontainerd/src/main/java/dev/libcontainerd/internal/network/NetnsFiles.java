package dev.libcontainerd.internal.network;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import dev.libcontainerd.errdefs.SystemException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Network namespaces kept alive by a bind mount on a file, as {@code ip netns}, nerdctl and
 * containerd's CRI do, without forking.
 *
 * <p>{@code unshare(CLONE_NEWNET)} moves only the calling thread, so it runs on a thread of its
 * own that bind-mounts {@code /proc/thread-self/ns/net} onto the file and then ends: the JVM's
 * other threads never change namespace, and the namespace lives on as long as the mount. (A fork
 * of {@code ip netns add} cannot put the file under our state dir, and {@code unshare --net=FILE}
 * costs a process per container.)
 */
final class NetnsFiles {
    private NetnsFiles() {}

    /** Creates a new network namespace held by {@code file}, which must not exist. */
    static void create(Path file) {
        try {
            Files.createFile(file);
        } catch (IOException e) {
            throw new SystemException("cannot create namespace file " + file + ": " + e.getMessage(), e);
        }
        AtomicReference<LastErrorException> failure = new AtomicReference<>();
        Thread t = new Thread(
                () -> {
                    try {
                        NetLibC.INSTANCE.unshare(NetLibC.CLONE_NEWNET);
                        NetLibC.INSTANCE.mount(
                                "/proc/thread-self/ns/net",
                                file.toString(),
                                "none",
                                new NativeLong(NetLibC.MS_BIND),
                                null);
                    } catch (LastErrorException e) {
                        failure.set(e);
                    }
                },
                "lcd-netns");
        t.start();
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the thread is short; the file must not be left half-made
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure.get() != null) {
            delete(file);
            throw new SystemException(
                    "cannot create a network namespace at " + file + ": "
                            + failure.get().getMessage(),
                    failure.get());
        }
    }

    /** Whether {@code file} holds a namespace (is a mount point) rather than being a plain file. */
    static boolean isMounted(Path file) {
        try {
            Object dev = Files.getAttribute(file, "unix:dev");
            Object parentDev = Files.getAttribute(file.getParent(), "unix:dev");
            return !dev.equals(parentDev);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /**
     * Unmounts and deletes {@code file}; the namespace goes away with its last user. Missing or
     * unmounted files are fine.
     */
    static void remove(Path file) {
        if (!Files.exists(file)) {
            return;
        }
        try {
            NetLibC.INSTANCE.umount2(file.toString(), NetLibC.MNT_DETACH);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != NetLibC.EINVAL && e.getErrorCode() != NetLibC.ENOENT) {
                throw new SystemException("cannot unmount namespace file " + file + ": " + e.getMessage(), e);
            }
        }
        delete(file);
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new SystemException("cannot delete " + file + ": " + e.getMessage(), e);
        }
    }
}
