package dev.libcontainerd.image;

import java.util.List;
import java.util.Objects;

/**
 * What an image's config says about running it (the OCI image config's {@code config} object)
 * and the layers' uncompressed digests.
 *
 * @param platform the platform the image is for
 * @param entrypoint the entrypoint; empty when it has none
 * @param cmd the default command; empty when it has none
 * @param env {@code KEY=value} entries
 * @param workingDir the working directory, or empty
 * @param user {@code user[:group]} (names or numbers), or empty for root
 * @param diffIds the layers' uncompressed digests, bottom first
 */
public record ImageConfig(
        Platform platform,
        List<String> entrypoint,
        List<String> cmd,
        List<String> env,
        String workingDir,
        String user,
        List<String> diffIds) {
    /** Copies the lists; nulls become empty. */
    public ImageConfig {
        Objects.requireNonNull(platform, "platform");
        entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
        cmd = cmd == null ? List.of() : List.copyOf(cmd);
        env = env == null ? List.of() : List.copyOf(env);
        workingDir = workingDir == null ? "" : workingDir;
        user = user == null ? "" : user;
        diffIds = diffIds == null ? List.of() : List.copyOf(diffIds);
    }
}
