package dev.libcontainerd.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP front for a {@link TestRegistry}, on 127.0.0.1, that adds what a test needs to
 * see: the bearer-token flow (a token endpoint checking basic credentials), a blob download
 * cut off part way, a manifest replaced by other bytes. Everything else is forwarded.
 */
public final class RegistryProxy implements AutoCloseable {
    private final HttpServer server;
    private final String upstream;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private volatile String bearerUser;
    private volatile String bearerSecret;
    private final Map<String, Long> cutBlobs = new ConcurrentHashMap<>();
    private final Map<String, byte[]> manifests = new ConcurrentHashMap<>();
    /** How many blob requests carried a Range header. */
    public final AtomicInteger rangeRequests = new AtomicInteger();
    /** How many token requests were answered with a token. */
    public final AtomicInteger tokensIssued = new AtomicInteger();

    public RegistryProxy(TestRegistry upstream) throws IOException {
        this.upstream = upstream.url();
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "registry-proxy");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** {@code 127.0.0.1:port}. */
    public String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Requires bearer tokens, issued by {@code /token} to these basic credentials. */
    public void requireBearer(String user, String secret) {
        this.bearerUser = user;
        this.bearerSecret = secret;
    }

    /** The next download of {@code digest} stops after {@code bytes} bytes (once). */
    public void cutBlobOnce(String digest, long bytes) {
        cutBlobs.put(digest, bytes);
    }

    /** Serves {@code data} for {@code /v2/<repo>/manifests/<object>}. */
    public void replaceManifest(String repo, String object, byte[] data) {
        manifests.put("/v2/" + repo + "/manifests/" + object, data);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (path.equals("/token")) {
                token(ex);
                return;
            }
            if (bearerUser != null
                    && !"Bearer tok-ok".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                String repo = path.replaceFirst("^/v2/(.*)/(manifests|blobs)/.*$", "$1");
                ex.getResponseHeaders()
                        .add(
                                "WWW-Authenticate",
                                "Bearer realm=\"http://" + host()
                                        + "/token\",service=\"test-registry\",scope=\"repository:" + repo + ":pull\"");
                ex.sendResponseHeaders(401, -1);
                return;
            }
            byte[] replaced = manifests.get(path);
            if (replaced != null) {
                ex.getResponseHeaders().add("Content-Type", "application/vnd.oci.image.manifest.v1+json");
                ex.sendResponseHeaders(200, replaced.length);
                ex.getResponseBody().write(replaced);
                return;
            }
            forward(ex, path);
        }
    }

    private void token(HttpExchange ex) throws IOException {
        String expect = "Basic "
                + Base64.getEncoder()
                        .encodeToString((bearerUser + ":" + bearerSecret).getBytes(StandardCharsets.UTF_8));
        if (!expect.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            ex.sendResponseHeaders(401, -1);
            return;
        }
        tokensIssued.incrementAndGet();
        byte[] body = "{\"token\":\"tok-ok\",\"expires_in\":300}".getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
    }

    private void forward(HttpExchange ex, String path) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(upstream + ex.getRequestURI()));
        for (String h : new String[] {"Accept", "Range"}) {
            String v = ex.getRequestHeaders().getFirst(h);
            if (v != null) {
                b.header(h, v);
            }
        }
        if (ex.getRequestHeaders().getFirst("Range") != null && path.contains("/blobs/")) {
            rangeRequests.incrementAndGet();
        }
        HttpResponse<InputStream> r;
        try {
            r = http.send(
                    b.method(ex.getRequestMethod(), HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        r.headers().map().forEach((k, vs) -> {
            if (!k.equalsIgnoreCase("content-length")
                    && !k.equalsIgnoreCase("transfer-encoding")
                    && !k.equalsIgnoreCase("connection")
                    && !k.startsWith(":")) {
                vs.forEach(v -> ex.getResponseHeaders().add(k, v));
            }
        });
        long length = r.headers().firstValueAsLong("Content-Length").orElse(-1);
        String digest = path.contains("/blobs/") ? path.substring(path.lastIndexOf('/') + 1) : null;
        Long cut = digest == null ? null : cutBlobs.remove(digest);
        ex.sendResponseHeaders(r.statusCode(), ex.getRequestMethod().equals("HEAD") ? -1 : length <= 0 ? 0 : length);
        try (InputStream in = r.body();
                OutputStream out = ex.getResponseBody()) {
            if (cut != null) {
                out.write(in.readNBytes((int) (long) cut));
                out.flush();
                // The download breaks off: close the connection under the client.
                throw new IOException("cut");
            }
            in.transferTo(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
