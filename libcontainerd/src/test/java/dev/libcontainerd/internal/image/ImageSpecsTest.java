package dev.libcontainerd.internal.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.image.ImageConfig;
import dev.libcontainerd.image.Platform;
import dev.libcontainerd.image.RunOverrides;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageSpecsTest {
    private static final ImageConfig CONFIG = new ImageConfig(
            Platform.host(), List.of("/entry"), List.of("a", "b"), List.of("A=1", "PATH=/bin"), "/w", "", List.of());

    @Test
    void dockersRulesForEntrypointAndCommand() {
        assertThat(ImageSpecs.args(CONFIG, RunOverrides.NONE)).containsExactly("/entry", "a", "b");
        assertThat(ImageSpecs.args(CONFIG, RunOverrides.command("c"))).containsExactly("/entry", "c");
        assertThat(ImageSpecs.args(CONFIG, RunOverrides.NONE.withEntrypoint("/sh")))
                .containsExactly("/sh");
        assertThat(ImageSpecs.args(CONFIG, RunOverrides.command("x").withEntrypoint("/sh")))
                .containsExactly("/sh", "x");
        // --entrypoint "": the image's entrypoint goes, its command stays
        assertThat(ImageSpecs.args(CONFIG, RunOverrides.NONE.withEntrypoint())).containsExactly("a", "b");
        ImageConfig empty = new ImageConfig(Platform.host(), null, null, null, null, null, null);
        assertThatThrownBy(() -> ImageSpecs.args(empty, RunOverrides.NONE))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void environmentOverridesByKeyAndGetsADefaultPath() {
        assertThat(ImageSpecs.env(CONFIG.env(), List.of("A=2", "B=3"))).containsExactly("A=2", "PATH=/bin", "B=3");
        assertThat(ImageSpecs.env(List.of(), List.of())).containsExactly(ImageSpecs.DEFAULT_PATH);
        assertThatThrownBy(() -> ImageSpecs.env(List.of(), List.of("noequals")))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void homeIsTheUsersHomeInTheImagesPasswdElseSlash(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(
                root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n");
        assertThat(ImageSpecs.home(0, List.of(root))).isEqualTo("/root");
        assertThat(ImageSpecs.home(1000, List.of(root))).isEqualTo("/home/app");
        assertThat(ImageSpecs.home(4242, List.of(root))).isEqualTo("/");
        assertThat(ImageSpecs.home(0, List.of())).isEqualTo("/");
    }

    @Test
    void numericUsersNeedNoPasswdAndUnknownNamesAreRefused() {
        assertThat(ImageSpecs.resolveUser("1000:1001", List.of())).containsExactly(1000, 1001);
        assertThatThrownBy(() -> ImageSpecs.resolveUser("nobody", List.of()))
                .isInstanceOf(InvalidParameterException.class);
    }
}
