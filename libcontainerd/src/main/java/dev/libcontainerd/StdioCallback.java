package dev.libcontainerd;

import java.io.IOException;

/**
 * Attaches a process's stdio before the process starts, so that no byte is lost.
 *
 * <p>The library owns {@code io}: it closes it when the process is gone. The callback should start
 * whatever consumes the streams (usually threads that copy them) and return at once.
 */
@FunctionalInterface
public interface StdioCallback {
    /**
     * Called with the process's streams before the create or exec request is sent.
     *
     * @throws IOException to abort the operation; nothing is then created
     */
    void attach(DirectIO io) throws IOException;
}
