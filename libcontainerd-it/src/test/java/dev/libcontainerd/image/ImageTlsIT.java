package dev.libcontainerd.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.libcontainerd.errdefs.UnavailableException;
import dev.libcontainerd.testing.Require;
import dev.libcontainerd.testing.TestDaemon;
import dev.libcontainerd.testing.TestImages;
import dev.libcontainerd.testing.TestImages.Built;
import dev.libcontainerd.testing.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A registry behind TLS with a CA the test generates. */
class ImageTlsIT {
    private static void run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + out).isZero();
    }

    @Test
    void pullsOverHttpsWithTheCallersExtraCaAndRefusesAnUntrustedCertificate() throws Exception {
        Require.binary("openssl");
        Path dir = Files.createTempDirectory(TestDaemon.get().dir(), "tls");
        run(
                dir,
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=lcd test CA",
                "-keyout",
                "ca.key",
                "-out",
                "ca.pem");
        run(
                dir,
                "openssl",
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-subj",
                "/CN=127.0.0.1",
                "-keyout",
                "server.key",
                "-out",
                "server.csr");
        Files.writeString(dir.resolve("ext.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        run(
                dir,
                "openssl",
                "x509",
                "-req",
                "-in",
                "server.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-days",
                "2",
                "-extfile",
                "ext.cnf",
                "-out",
                "server.pem");
        try (TestRegistry reg = TestRegistry.start(null, dir.resolve("server.pem"), dir.resolve("server.key"))) {
            Built img = TestImages.image(
                    List.of(TestImages.fileLayer("data/tls.txt", "over tls\n")),
                    "gzip",
                    TestImages.hostArch(),
                    List.of("cat"),
                    List.of(),
                    "",
                    "");
            pushOverTls(reg, dir.resolve("ca.pem"), img);
            Images images = Images.of(
                    TestDaemon.get().containerd(),
                    "tls-" + ProcessHandle.current().pid());
            String ref = reg.host() + "/secure/app:v1";

            assertThatThrownBy(() ->
                            images.pull(ref, PullOptions.builder().unpack(false).build()))
                    .isInstanceOf(UnavailableException.class)
                    .hasMessageContaining(reg.host())
                    .hasMessageContaining("TLS");
            Image image = images.pull(
                    ref,
                    PullOptions.builder().extraCaFile(dir.resolve("ca.pem")).build());
            assertThat(image.id()).isEqualTo(img.manifest().digest());
            images.remove(image.name(), true);
        }
    }

    /** Pushes with skopeo, which takes the CA from a directory. */
    private static void pushOverTls(TestRegistry reg, Path ca, Built img) throws Exception {
        Require.binary("skopeo");
        Path layout =
                TestImages.layout(Files.createTempDirectory(TestDaemon.get().dir(), "oci"), img, "v1");
        Path certs = Files.createDirectories(ca.getParent().resolve("certs"));
        Files.copy(ca, certs.resolve("ca.crt"));
        run(
                ca.getParent(),
                "skopeo",
                "copy",
                "--dest-cert-dir",
                certs.toString(),
                "oci:" + layout + ":v1",
                "docker://" + reg.host() + "/secure/app:v1");
    }
}
