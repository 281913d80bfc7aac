package dev.libcontainerd.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.libcontainerd.errdefs.InvalidParameterException;
import org.junit.jupiter.api.Test;

class ImageRefTest {
    @Test
    void familiarNamesAreDockersShortForm() {
        assertThat(ImageRef.parse("busybox").familiar()).isEqualTo("busybox:latest");
        assertThat(ImageRef.parse("me/app:v1").familiar()).isEqualTo("me/app:v1");
        assertThat(ImageRef.parse("docker.io/library/a/b").familiar()).isEqualTo("library/a/b:latest");
        assertThat(ImageRef.parse("127.0.0.1:5000/x").familiar()).isEqualTo("127.0.0.1:5000/x:latest");
        assertThat(ImageRef.parse("lcd.local/busybox:latest").familiar()).isEqualTo("lcd.local/busybox:latest");
    }

    @Test
    void shortNamesNormaliseAsDockerDoes() {
        assertThat(ImageRef.parse("busybox").toString()).isEqualTo("docker.io/library/busybox:latest");
        assertThat(ImageRef.parse("me/app:1.0").toString()).isEqualTo("docker.io/me/app:1.0");
        assertThat(ImageRef.parse("index.docker.io/library/alpine:3.20").toString())
                .isEqualTo("docker.io/library/alpine:3.20");
        assertThat(ImageRef.parse("docker.io/library/alpine:3.20").registryHost())
                .isEqualTo("registry-1.docker.io");
        ImageRef local = ImageRef.parse("localhost:5000/x@sha256:" + "a".repeat(64));
        assertThat(local.domain()).isEqualTo("localhost:5000");
        assertThat(local.tag()).isNull();
        assertThat(local.object()).isEqualTo("sha256:" + "a".repeat(64));
        assertThat(ImageRef.parse("localhost/x").domain()).isEqualTo("localhost");
        assertThat(ImageRef.parse("127.0.0.1:5000/a/b/c:t").path()).isEqualTo("a/b/c");
    }

    @Test
    void malformedReferencesAreInvalidParameters() {
        for (String bad :
                new String[] {"", "Busybox", "a//b", "x:", "x@sha256:abc", "x:bad tag", "-x", "a/b:t@md5:00"}) {
            assertThatThrownBy(() -> ImageRef.parse(bad)).as(bad).isInstanceOf(InvalidParameterException.class);
        }
    }

    @Test
    void platformsParseAndMatch() {
        assertThat(Platform.parse("linux/arm64/v8").matches(new Platform("linux", "arm64", "")))
                .isTrue();
        assertThat(Platform.parse("linux/amd64").matches(new Platform("linux", "arm64", "v8")))
                .isFalse();
        assertThatThrownBy(() -> Platform.parse("linux")).isInstanceOf(InvalidParameterException.class);
    }
}
