package dev.libcontainerd.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.libcontainerd.Containerd;
import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.errdefs.UnauthorizedException;
import dev.libcontainerd.errdefs.UnavailableException;
import dev.libcontainerd.testing.ClassRegistry;
import dev.libcontainerd.testing.RegistryProxy;
import dev.libcontainerd.testing.TestDaemon;
import dev.libcontainerd.testing.TestImages;
import dev.libcontainerd.testing.TestImages.Built;
import dev.libcontainerd.testing.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The token flow, downloads that break off, a registry that dies, malformed manifests. */
class ImageFaultIT {
    private static final AtomicInteger SEQ = new AtomicInteger();

    @RegisterExtension
    static final ClassRegistry registry = new ClassRegistry();

    private static Built plain;
    private static final String UNIQUE = Long.toHexString(System.nanoTime());

    private Containerd containerd;
    private Images images;
    private String ns;

    @BeforeAll
    static void pushImages() throws Exception {
        plain = unique("shared");
        TestImages.push(registry.url(), "test/plain", "v1", plain, null);
    }

    /** Uncompressed, so the busybox layer spans several 1 MiB chunks; unique to the caller. */
    private static Built unique(String marker) throws Exception {
        return TestImages.image(
                List.of(TestImages.baseLayer(UNIQUE + marker), TestImages.fileLayer("data/f.txt", "fault\n")),
                "none",
                TestImages.hostArch(),
                List.of("cat", "/data/f.txt"),
                List.of(TestImagesPath.PATH),
                "",
                "");
    }

    @BeforeEach
    void setUp() {
        containerd = TestDaemon.get().containerd();
        ns = "flt" + SEQ.incrementAndGet() + "-" + ProcessHandle.current().pid();
        images = Images.of(containerd, ns);
    }

    @Test
    void bearerTokenFlowWithRightAndWrongCredentials() throws Exception {
        try (RegistryProxy proxy = new RegistryProxy(registry.get())) {
            proxy.requireBearer("bob", "pw");
            String ref = proxy.host() + "/test/plain:v1";
            assertThatThrownBy(() -> images.pull(
                            ref,
                            PullOptions.builder()
                                    .plainHttp(true)
                                    .credentials(new RegistryCredentials("bob", "nope"))
                                    .build()))
                    .isInstanceOf(UnauthorizedException.class)
                    .hasMessageContaining(proxy.host());
            assertThat(images.list()).isEmpty();
            Image image = images.pull(
                    ref,
                    PullOptions.builder()
                            .plainHttp(true)
                            .credentials(new RegistryCredentials("bob", "pw"))
                            .build());
            assertThat(image.id()).isEqualTo(plain.manifest().digest());
            assertThat(proxy.tokensIssued.get()).isPositive();
        }
    }

    @Test
    void aDownloadThatBreaksOffIsResumedWithARangeRequest() throws Exception {
        Built img = unique("range");
        TestImages.push(registry.url(), "test/range", "v1", img, null);
        try (RegistryProxy proxy = new RegistryProxy(registry.get())) {
            String layer = img.layers().get(0).digest();
            proxy.cutBlobOnce(layer, img.layers().get(0).data().length * 3L / 4);
            Image image = images.pull(
                    proxy.host() + "/test/range:v1",
                    PullOptions.builder().plainHttp(true).build());
            assertThat(proxy.rangeRequests.get()).isEqualTo(1);
            assertThat(ImageTestSupport.run(containerd, images, ns, image.name(), "resumed", RunOverrides.NONE)
                            .stdout())
                    .isEqualTo("fault\n");
        }
    }

    @Test
    void aRegistryKilledMidBlobIsACleanTypedFailureWithNothingLeft() throws Exception {
        try (TestRegistry dying = TestRegistry.start();
                RegistryProxy proxy = new RegistryProxy(dying)) {
            Built img = unique("dying");
            TestImages.push(dying.url(), "test/plain", "v1", img, null);
            String layer = img.layers().get(0).digest();
            proxy.cutBlobOnce(layer, img.layers().get(0).data().length * 3L / 4);
            AtomicBoolean killed = new AtomicBoolean();
            PullOptions options = PullOptions.builder()
                    .plainHttp(true)
                    .progress(p -> {
                        if (p.digest().equals(layer) && p.done() > 0 && killed.compareAndSet(false, true)) {
                            try {
                                dying.kill();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    })
                    .build();
            assertThatThrownBy(() -> images.pull(proxy.host() + "/test/plain:v1", options))
                    .isInstanceOf(UnavailableException.class);
            assertThat(killed).isTrue();
            assertThat(images.list()).isEmpty();
            assertThat(ImageTestSupport.contentDigests(containerd, ns)).isEmpty();
            assertThat(ImageTestSupport.ctr(ns, "content", "active").lines().skip(1))
                    .isEmpty();
            assertThat(ImageTestSupport.ctr(ns, "leases", "ls").lines().skip(1)).isEmpty();
        }
    }

    @Test
    void malformedManifestsAreInvalidParameters() throws Exception {
        try (RegistryProxy proxy = new RegistryProxy(registry.get())) {
            proxy.replaceManifest("test/plain", "garbage", "{not json".getBytes(StandardCharsets.UTF_8));
            proxy.replaceManifest(
                    "test/plain",
                    "artifact",
                    ("{\"schemaVersion\":2,\"mediaType\":\""
                                    + TestImages.OCI_MANIFEST
                                    + "\",\"config\":{\"mediaType\":\"application/vnd.example+json\","
                                    + "\"digest\":\"" + plain.config().digest() + "\",\"size\":"
                                    + plain.config().data().length
                                    + "},\"layers\":[]}")
                            .getBytes(StandardCharsets.UTF_8));
            proxy.replaceManifest(
                    "test/plain",
                    "nosize",
                    ("{\"schemaVersion\":2,\"mediaType\":\""
                                    + TestImages.OCI_MANIFEST
                                    + "\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
                                    + "\"digest\":\"" + plain.config().digest() + "\"},\"layers\":[]}")
                            .getBytes(StandardCharsets.UTF_8));
            for (String tag : new String[] {"garbage", "artifact", "nosize"}) {
                assertThatThrownBy(() -> images.pull(
                                proxy.host() + "/test/plain:" + tag,
                                PullOptions.builder().plainHttp(true).build()))
                        .as(tag)
                        .isInstanceOf(InvalidParameterException.class);
            }
            assertThat(images.list()).isEmpty();
            assertThat(ImageTestSupport.contentDigests(containerd, ns)).isEmpty();
        }
    }
}
