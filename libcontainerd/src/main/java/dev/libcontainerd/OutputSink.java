package dev.libcontainerd;

import java.nio.ByteBuffer;

/**
 * Receives a process's output without a thread per stream: the library reads every sink's FIFOs
 * from one thread per client and calls these methods on it, so they must return quickly (copy
 * the bytes, hand them on) and never block. Chunks of one stream arrive in order; {@link
 * #closed()} is called once, after the last chunk of every stream.
 */
public interface OutputSink {
    /**
     * A chunk of the process's standard output (in terminal mode: the terminal's output). The
     * buffer is valid only during the call.
     */
    void stdout(ByteBuffer chunk);

    /** A chunk of the process's standard error; never called in terminal mode. */
    void stderr(ByteBuffer chunk);

    /** Every stream reached EOF: the process and everything that held its output are gone. */
    void closed();
}
