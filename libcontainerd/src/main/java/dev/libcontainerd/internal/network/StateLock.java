package dev.libcontainerd.internal.network;

import dev.libcontainerd.errdefs.SystemException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serialises changes to a state dir between threads (a JVM lock) and processes (an fcntl lock
 * on {@code lock}, which the kernel releases when a holder dies). Held only for short,
 * file-only sections: never around a plugin run.
 */
final class StateLock implements AutoCloseable {
    private final ReentrantLock local = new ReentrantLock();
    private final FileChannel channel;

    StateLock(Path file) {
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new SystemException("cannot open lock file " + file + ": " + e.getMessage(), e);
        }
    }

    <T> T locked(Supplier<T> body) {
        local.lock();
        try (FileLock ignored = channel.lock()) {
            return body.get();
        } catch (IOException e) {
            throw new SystemException("cannot lock the network state: " + e.getMessage(), e);
        } finally {
            local.unlock();
        }
    }

    void locked(Runnable body) {
        locked(() -> {
            body.run();
            return null;
        });
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing is held between calls; a close failure loses nothing
        }
    }
}
