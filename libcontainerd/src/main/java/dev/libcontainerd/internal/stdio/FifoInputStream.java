package dev.libcontainerd.internal.stdio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The read end of an output FIFO. A plain read loop over the channel: the JDK's channel and
 * file streams try to seek in {@code readAllBytes}, which fails on a pipe. The descriptor is
 * released as soon as EOF is read, so a drained stream holds nothing open.
 */
final class FifoInputStream extends InputStream {
    private final FileChannel channel;
    private volatile boolean closed;

    FifoInputStream(FileChannel channel) {
        this.channel = channel;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (closed) {
            return -1;
        }
        int n;
        try {
            n = channel.read(ByteBuffer.wrap(b, off, len));
        } catch (IOException e) {
            if (closed) {
                return -1; // closed under a blocked reader: report EOF, not an error
            }
            throw e;
        }
        if (n < 0) {
            close();
        }
        return n;
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        channel.close();
    }
}
