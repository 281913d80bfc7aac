package dev.libcontainerd.bench;

import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Exception;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A gRPC tap ({@code --rpc-tap}): a Unix socket that forwards byte for byte to containerd's and
 * times every call from the client's request headers to the server's trailers, by HTTP/2 stream.
 * Both clients (the library and ctr) go through it alike, so per-RPC timings of both sides come
 * from one instrument; a call's side is its {@code containerd-namespace} header. The proxy's own
 * hop costs both sides the same few tens of microseconds per call.
 */
final class RpcTap implements AutoCloseable {
    /** One finished call. */
    record Call(String namespace, String method, long startNanos, double millis) {}

    private static final byte[] PREFACE =
            "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int HEADERS = 0x1;
    private static final int RST_STREAM = 0x3;
    private static final int CONTINUATION = 0x9;
    private static final int END_STREAM = 0x1;
    private static final int END_HEADERS = 0x4;
    private static final int PADDED = 0x8;
    private static final int PRIORITY = 0x20;

    final Path socket;
    private final Path upstream;
    private final ServerSocketChannel server;
    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile boolean closed;

    private RpcTap(Path socket, Path upstream, ServerSocketChannel server) {
        this.socket = socket;
        this.upstream = upstream;
        this.server = server;
    }

    static RpcTap start(Path socket, Path upstream) throws IOException {
        Files.deleteIfExists(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        RpcTap tap = new RpcTap(socket, upstream, server);
        daemon("rpc-tap-accept", tap::accept);
        return tap;
    }

    private static void daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    private void accept() {
        while (!closed) {
            try {
                SocketChannel client = server.accept();
                SocketChannel up = SocketChannel.open(UnixDomainSocketAddress.of(upstream));
                Map<Integer, Object[]> open = new ConcurrentHashMap<>(); // stream → {ns, method, start}
                int n = connections.incrementAndGet();
                daemon("rpc-tap-" + n + "-up", () -> pump(client, up, true, open));
                daemon("rpc-tap-" + n + "-down", () -> pump(up, client, false, open));
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("rpc tap: " + e);
                }
                return;
            }
        }
    }

    /** Copies {@code from} to {@code to}, reading the HTTP/2 frames as they pass. */
    private void pump(SocketChannel from, SocketChannel to, boolean request, Map<Integer, Object[]> open) {
        Frames frames = new Frames(request, open);
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        try (from;
                to) {
            while (from.read(buf) >= 0) {
                buf.flip();
                long now = System.nanoTime();
                frames.feed(buf.array(), buf.limit(), now);
                while (buf.hasRemaining()) {
                    to.write(buf);
                }
                buf.clear();
            }
        } catch (IOException | RuntimeException e) {
            if (!closed && !(e instanceof IOException)) {
                System.err.println("rpc tap: " + e);
            }
        }
    }

    /** The frame reader of one direction of one connection. */
    private final class Frames {
        private final boolean request;
        private final Map<Integer, Object[]> open;
        private final DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false);
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private int prefaceLeft;
        private final ByteArrayOutputStream block = new ByteArrayOutputStream();
        private int blockStream;
        private boolean blockEndsStream;

        Frames(boolean request, Map<Integer, Object[]> open) {
            this.request = request;
            this.open = open;
            this.prefaceLeft = request ? PREFACE.length : 0;
        }

        void feed(byte[] data, int len, long now) {
            int off = 0;
            if (prefaceLeft > 0) {
                int skip = Math.min(prefaceLeft, len);
                prefaceLeft -= skip;
                off = skip;
            }
            pending.write(data, off, len - off);
            byte[] b = pending.toByteArray();
            int p = 0;
            while (b.length - p >= 9) {
                int length = ((b[p] & 0xff) << 16) | ((b[p + 1] & 0xff) << 8) | (b[p + 2] & 0xff);
                if (b.length - p < 9 + length) {
                    break;
                }
                int type = b[p + 3] & 0xff;
                int flags = b[p + 4] & 0xff;
                int stream = ((b[p + 5] & 0x7f) << 24)
                        | ((b[p + 6] & 0xff) << 16)
                        | ((b[p + 7] & 0xff) << 8)
                        | (b[p + 8] & 0xff);
                frame(type, flags, stream, b, p + 9, length, now);
                p += 9 + length;
            }
            pending.reset();
            pending.write(b, p, b.length - p);
        }

        private void frame(int type, int flags, int stream, byte[] b, int off, int len, long now) {
            if (type == HEADERS) {
                int start = off;
                int end = off + len;
                if ((flags & PADDED) != 0) {
                    end -= b[start] & 0xff;
                    start++;
                }
                if ((flags & PRIORITY) != 0) {
                    start += 5;
                }
                block.reset();
                block.write(b, start, end - start);
                blockStream = stream;
                blockEndsStream = (flags & END_STREAM) != 0;
                if ((flags & END_HEADERS) != 0) {
                    headers(now);
                }
            } else if (type == CONTINUATION) {
                block.write(b, off, len);
                if ((flags & END_HEADERS) != 0) {
                    headers(now);
                }
            } else if (type == RST_STREAM) {
                finish(stream, now, " (reset)");
            }
        }

        private void headers(long now) {
            Http2Headers h;
            try {
                h = decoder.decodeHeaders(blockStream, Unpooled.wrappedBuffer(block.toByteArray()));
            } catch (Http2Exception e) {
                throw new IllegalStateException("undecodable headers", e);
            }
            if (request) {
                CharSequence path = h.path();
                CharSequence ns = h.get("containerd-namespace");
                if (path != null) {
                    open.put(blockStream, new Object[] {ns == null ? "-" : ns.toString(), path.toString(), now});
                }
            } else if (blockEndsStream) {
                finish(blockStream, now, "");
            }
        }

        private void finish(int stream, long now, String suffix) {
            Object[] c = open.remove(stream);
            if (c != null) {
                long t0 = (Long) c[2];
                calls.add(new Call((String) c[0], shortName((String) c[1]) + suffix, t0, (now - t0) / 1e6));
            }
        }
    }

    /** {@code /containerd.services.tasks.v1.Tasks/Create} → {@code Tasks.Create}. */
    static String shortName(String path) {
        int slash = path.lastIndexOf('/');
        String service = path.substring(1, slash);
        return service.substring(service.lastIndexOf('.') + 1) + "." + path.substring(slash + 1);
    }

    /** The calls finished so far, and forgets them. */
    List<Call> drain() {
        List<Call> out = new ArrayList<>();
        for (Call c; (c = calls.poll()) != null; ) {
            out.add(c);
        }
        return out;
    }

    /**
     * Per namespace and method: calls, p50 and p90 ms and the total, as a Markdown table; the
     * raw calls go to {@code csv}.
     */
    static String summary(List<Call> calls, Path csv) throws IOException {
        Map<String, List<Double>> by = new TreeMap<>();
        for (Call c : calls) {
            by.computeIfAbsent(c.namespace() + "\t" + c.method(), k -> new ArrayList<>())
                    .add(c.millis());
        }
        StringBuilder b =
                new StringBuilder("| namespace | call | n | p50 ms | p90 ms | total ms |\n|---|---|---|---|---|---|\n");
        by.forEach((k, v) -> {
            String[] f = k.split("\t");
            Stats s = Stats.of(v);
            double total = v.stream().mapToDouble(Double::doubleValue).sum();
            b.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %d | %.2f | %.2f | %.0f |%n",
                    f[0],
                    f[1],
                    v.size(),
                    s.p50(),
                    s.p90(),
                    total));
        });
        Files.createDirectories(csv.getParent());
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(csv))) {
            w.println("namespace,call,start_ns,millis");
            for (Call c : calls) {
                w.printf(Locale.ROOT, "%s,%s,%d,%.3f%n", c.namespace(), c.method(), c.startNanos(), c.millis());
            }
        }
        return b.toString();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        Files.deleteIfExists(socket);
    }
}
