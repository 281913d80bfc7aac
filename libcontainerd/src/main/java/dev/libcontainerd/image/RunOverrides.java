package dev.libcontainerd.image;

import java.util.ArrayList;
import java.util.List;

/**
 * What the caller changes about how an image runs, with docker's meaning: {@code --entrypoint},
 * the command after the image name, {@code -e}, {@code -w}, {@code -u}. Immutable; {@link
 * #NONE} changes nothing.
 *
 * @param entrypoint replaces the image's entrypoint and drops its command; an empty list clears
 *     the entrypoint and keeps the command (docker's {@code --entrypoint ""}); null keeps both
 * @param cmd replaces the image's command; null keeps it
 * @param env {@code KEY=value} entries added to the image's, replacing those with the same key
 * @param workingDir replaces the image's working directory; null keeps it
 * @param user {@code uid[:gid]} or {@code name[:group]} replacing the image's user; null keeps it
 */
public record RunOverrides(
        List<String> entrypoint, List<String> cmd, List<String> env, String workingDir, String user) {
    /** Nothing overridden. */
    public static final RunOverrides NONE = new RunOverrides(null, null, List.of(), null, null);

    /** Copies the lists. */
    public RunOverrides {
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        cmd = cmd == null ? null : List.copyOf(cmd);
        env = env == null ? List.of() : List.copyOf(env);
    }

    /** Overrides only the command. */
    public static RunOverrides command(String... cmd) {
        return new RunOverrides(null, List.of(cmd), List.of(), null, null);
    }

    /** A copy with these environment entries added. */
    public RunOverrides withEnv(String... entries) {
        List<String> e = new ArrayList<>(env);
        e.addAll(List.of(entries));
        return new RunOverrides(entrypoint, cmd, e, workingDir, user);
    }

    /** A copy with this working directory. */
    public RunOverrides withWorkingDir(String dir) {
        return new RunOverrides(entrypoint, cmd, env, dir, user);
    }

    /** A copy with this user. */
    public RunOverrides withUser(String u) {
        return new RunOverrides(entrypoint, cmd, env, workingDir, u);
    }

    /** A copy with this entrypoint (the image's command is then dropped unless {@code cmd} is set). */
    public RunOverrides withEntrypoint(String... ep) {
        return new RunOverrides(List.of(ep), cmd, env, workingDir, user);
    }
}
