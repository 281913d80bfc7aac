package dev.libcontainerd.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which shim a launched containerd finds: the one beside it, not an older one on PATH. */
class ShimPathTest {
    @TempDir
    Path dir;

    private Path executable(Path p) throws Exception {
        Files.createDirectories(p.getParent());
        Files.writeString(p, "#!/bin/sh\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private static Map<String, String> path(String value) {
        return new HashMap<>(Map.of("PATH", value));
    }

    @Test
    void theShimBesideTheBinaryGoesFirst() throws Exception {
        Path containerd = executable(dir.resolve("new/containerd"));
        executable(dir.resolve("new/containerd-shim-runc-v2"));
        executable(dir.resolve("old/containerd-shim-runc-v2"));
        Map<String, String> env = path(dir.resolve("old") + ":/usr/bin");

        DaemonControl.shimFirstOnPath(containerd, env);
        assertThat(env.get("PATH")).isEqualTo(dir.resolve("new") + ":" + dir.resolve("old") + ":/usr/bin");
    }

    @Test
    void aPathThatAlreadyFindsThatShimIsLeftAlone() throws Exception {
        Path containerd = executable(dir.resolve("new/containerd"));
        executable(dir.resolve("new/containerd-shim-runc-v2"));
        Map<String, String> env = path("/nonexistent:" + dir.resolve("new") + ":/usr/bin");

        DaemonControl.shimFirstOnPath(containerd, env);
        assertThat(env.get("PATH")).isEqualTo("/nonexistent:" + dir.resolve("new") + ":/usr/bin");
    }

    @Test
    void aBinaryWithoutAShimBesideItChangesNothing() throws Exception {
        Path containerd = executable(dir.resolve("lonely/containerd"));
        Map<String, String> env = path("/usr/bin:/bin");

        DaemonControl.shimFirstOnPath(containerd, env);
        assertThat(env.get("PATH")).isEqualTo("/usr/bin:/bin");
    }
}
