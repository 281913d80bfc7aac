package dev.libcontainerd.internal.image;

import dev.libcontainerd.errdefs.ContainerdException;
import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.errdefs.NotFoundException;
import dev.libcontainerd.errdefs.SystemException;
import dev.libcontainerd.errdefs.UnauthorizedException;
import dev.libcontainerd.errdefs.UnavailableException;
import dev.libcontainerd.image.ImageRef;
import dev.libcontainerd.image.PullOptions;
import dev.libcontainerd.image.RegistryCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read side of the OCI distribution API for one repository: manifests and blobs, with
 * authentication and the HTTPS-then-HTTP fallback docker allows for loopback registries.
 * Thread-safe.
 */
final class RegistryClient {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryClient.class);
    private static final Duration HEADERS_TIMEOUT = Duration.ofSeconds(60);

    /** A manifest or index as the registry sent it. */
    record Fetched(byte[] data, String contentType) {}

    private final ImageRef ref;
    private final String registry;
    private final RegistryCredentials credentials;
    private final HttpClient http;
    private final BlobConnections blobs;
    private volatile String scheme;
    private volatile String authorization;

    RegistryClient(ImageRef ref, PullOptions options) {
        this.ref = ref;
        this.registry = ref.domain();
        this.credentials = options.credentials() != null
                ? options.credentials()
                : RegistryAuth.fromDockerConfig(options.dockerConfig(), ref.domain());
        SSLContext tls = TlsContexts.create(options.extraCaFile());
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(tls)
                .build();
        this.blobs = new BlobConnections(tls);
        this.scheme = options.plainHttp() ? "http" : "https";
    }

    private boolean loopback() {
        String host = ref.registryHost().replaceFirst(":[0-9]+$", "");
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    }

    /** Fetches a manifest or index by tag or digest, whole. */
    Fetched manifest(String object) {
        HttpResponse<InputStream> r = get("/manifests/" + object, MediaTypes.ACCEPT, -1, "manifest " + object);
        try (InputStream in = r.body()) {
            byte[] data = in.readNBytes(ContentStore.MAX_DOCUMENT + 1);
            if (data.length > ContentStore.MAX_DOCUMENT) {
                throw new InvalidParameterException(where() + ": manifest " + object + " is larger than 8 MiB");
            }
            return new Fetched(data, r.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            throw new UnavailableException(where() + ": reading manifest " + object + ": " + e.getMessage(), e);
        }
    }

    /** Fetches a whole small blob (a config). */
    byte[] blobBytes(String digest, long size) {
        try (InputStream in = blob(digest, 0)) {
            return in.readNBytes((int) Math.min(size + 1, ContentStore.MAX_DOCUMENT + 1L));
        } catch (IOException e) {
            throw new UnavailableException(where() + ": reading blob " + digest + ": " + e.getMessage(), e);
        }
    }

    /** Opens a blob from {@code offset} (a Range request; a server that ignores it is skipped through). */
    InputStream blob(String digest, long offset) throws IOException {
        URI uri = URI.create(scheme + "://" + ref.registryHost() + "/v2/" + ref.path() + "/blobs/" + digest);
        HttpURLConnection c = blobs.open(uri, offset, authorization);
        if (c.getResponseCode() == 401) {
            String challenge = c.getHeaderField("WWW-Authenticate");
            BlobConnections.drain(c);
            authorization = authorize(RegistryAuth.Challenge.parse(challenge));
            c = blobs.open(uri, offset, authorization);
            if (c.getResponseCode() == 401) {
                BlobConnections.drain(c);
                throw new UnauthorizedException(
                        registry, "registry " + registry + " refused the credentials for " + ref.path());
            }
        }
        int status = c.getResponseCode();
        if (status != 200 && status != 206) {
            throw failure(status, BlobConnections.drain(c), "blob " + digest);
        }
        InputStream in = c.getInputStream();
        if (offset > 0 && status == 200) {
            in.skipNBytes(offset);
        }
        return in;
    }

    private String where() {
        return "registry " + registry + " (" + ref.path() + ")";
    }

    private HttpResponse<InputStream> get(String path, String accept, long offset, String what) {
        URI uri = URI.create(scheme + "://" + ref.registryHost() + "/v2/" + ref.path() + path);
        for (int redirects = 0; redirects < 5; redirects++) {
            HttpResponse<InputStream> r = send(uri, accept, offset, what, true);
            int s = r.statusCode();
            if (s == 200 || s == 206) {
                return r;
            }
            if (s >= 301 && s <= 308 && r.headers().firstValue("Location").isPresent()) {
                close(r);
                URI next = uri.resolve(r.headers().firstValue("Location").get());
                // A redirect elsewhere (blob storage) must not see the registry's credentials.
                boolean sameHost = next.getAuthority().equals(uri.getAuthority());
                uri = next;
                if (!sameHost) {
                    HttpResponse<InputStream> o = send(uri, accept, offset, what, false);
                    if (o.statusCode() == 200 || o.statusCode() == 206) {
                        return o;
                    }
                    throw failure(o, what);
                }
                continue;
            }
            throw failure(r, what);
        }
        throw new SystemException(where() + ": too many redirects for " + what);
    }

    private HttpResponse<InputStream> send(URI uri, String accept, long offset, String what, boolean auth) {
        HttpResponse<InputStream> r = exchange(uri, accept, offset, auth ? authorization : null, what);
        if (auth && r.statusCode() == 401) {
            String challenge = r.headers().firstValue("WWW-Authenticate").orElse(null);
            close(r);
            authorization = authorize(RegistryAuth.Challenge.parse(challenge));
            r = exchange(uri, accept, offset, authorization, what);
            if (r.statusCode() == 401) {
                close(r);
                throw new UnauthorizedException(
                        registry,
                        "registry " + registry
                                + " refused the credentials"
                                + (credentials == null ? " (none were given)" : " of " + credentials.username())
                                + " for " + ref.path());
            }
        }
        return r;
    }

    private HttpResponse<InputStream> exchange(URI uri, String accept, long offset, String authz, String what) {
        if (scheme.equals("http")
                && uri.getScheme().equals("https")
                && uri.getAuthority().equals(ref.registryHost())) {
            uri = URI.create("http" + uri.toString().substring("https".length())); // fell back earlier
        }
        HttpRequest.Builder b =
                HttpRequest.newBuilder(uri).timeout(HEADERS_TIMEOUT).GET();
        if (accept != null) {
            b.header("Accept", accept);
        }
        if (offset > 0) {
            b.header("Range", "bytes=" + offset + "-");
        }
        if (authz != null) {
            b.header("Authorization", authz);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (SSLException e) {
            // Fall back only when the server does not speak TLS at all: a certificate it
            // presents but we do not trust stays an error.
            if (scheme.equals("https") && loopback() && !(e instanceof SSLHandshakeException)) {
                LOG.debug("{}: TLS failed ({}); trying plain HTTP as docker does for loopback", registry, e.toString());
                scheme = "http";
                URI plain = URI.create("http" + uri.toString().substring("https".length()));
                return exchange(plain, accept, offset, authz, what);
            }
            throw new UnavailableException(where() + ": TLS failed for " + what + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UnavailableException(where() + ": cannot fetch " + what + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException(where() + ": interrupted fetching " + what, e);
        }
    }

    private String authorize(RegistryAuth.Challenge c) {
        if (c == null) {
            throw new UnauthorizedException(
                    registry, "registry " + registry + " answered 401 without a WWW-Authenticate challenge");
        }
        if (c.scheme().equals("basic")) {
            if (credentials == null) {
                throw new UnauthorizedException(
                        registry,
                        "registry " + registry + " requires credentials (basic auth) for " + ref.path()
                                + " and none were given");
            }
            return RegistryAuth.basic(credentials);
        }
        if (!c.scheme().equals("bearer") || !c.params().containsKey("realm")) {
            throw new UnauthorizedException(
                    registry, "registry " + registry + " asks for an unsupported authentication: " + c.scheme());
        }
        StringBuilder q = new StringBuilder(c.params().get("realm"));
        q.append(q.indexOf("?") < 0 ? '?' : '&');
        if (c.params().containsKey("service")) {
            q.append("service=").append(enc(c.params().get("service"))).append('&');
        }
        q.append("scope=").append(enc(c.params().getOrDefault("scope", "repository:" + ref.path() + ":pull")));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(q.toString()))
                .timeout(HEADERS_TIMEOUT)
                .GET();
        if (credentials != null) {
            b.header("Authorization", RegistryAuth.basic(credentials));
        }
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() == 401 || r.statusCode() == 403) {
                throw new UnauthorizedException(
                        registry,
                        "registry " + registry + ": the token endpoint refused "
                                + (credentials == null
                                        ? "anonymous access"
                                        : "the credentials of " + credentials.username())
                                + " for " + ref.path());
            }
            if (r.statusCode() != 200) {
                throw new UnavailableException("registry " + registry + ": token endpoint answered " + r.statusCode());
            }
            return "Bearer " + RegistryAuth.token(r.body(), registry);
        } catch (IOException e) {
            throw new UnavailableException("registry " + registry + ": token endpoint unreachable: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("registry " + registry + ": interrupted", e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private ContainerdException failure(HttpResponse<InputStream> r, String what) {
        String body = "";
        try (InputStream in = r.body()) {
            body = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
        } catch (IOException e) {
            // the status is enough
        }
        return failure(r.statusCode(), body, what);
    }

    private ContainerdException failure(int s, String body, String what) {
        String code = body.replaceAll("(?s).*?\"code\"\\s*:\\s*\"([A-Z_]+)\".*", "$1");
        String msg = where() + ": " + what + ": HTTP " + s + (code.equals(body) ? "" : " " + code);
        if (s == 404 || code.endsWith("_UNKNOWN")) {
            return new NotFoundException(msg);
        }
        if (s == 403 || code.equals("DENIED") || code.equals("UNAUTHORIZED")) {
            return new UnauthorizedException(registry, msg);
        }
        if (s == 429 || s >= 500) {
            return new UnavailableException(msg);
        }
        if (s == 400 && code.toUpperCase(Locale.ROOT).contains("INVALID")) {
            return new InvalidParameterException(msg);
        }
        return new SystemException(msg);
    }

    private static void close(HttpResponse<InputStream> r) {
        try {
            r.body().close();
        } catch (IOException e) {
            // discarding
        }
    }

    /** An I/O failure in words: the JDK's connect and timeout exceptions often carry no message. */
    static String describe(IOException e) {
        if (e instanceof ConnectException) {
            return "connection refused (is the registry running and reachable?)";
        }
        if (e instanceof HttpTimeoutException) {
            return "timed out";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
