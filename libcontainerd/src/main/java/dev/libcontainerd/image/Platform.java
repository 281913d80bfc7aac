package dev.libcontainerd.image;

import dev.libcontainerd.errdefs.InvalidParameterException;
import java.util.Locale;

/**
 * An OCI platform: operating system, architecture and optional variant, as an index names them.
 *
 * @param os e.g. {@code linux}
 * @param architecture in GOARCH spelling, e.g. {@code amd64}, {@code arm64}
 * @param variant e.g. {@code v8}, or empty
 */
public record Platform(String os, String architecture, String variant) {
    /** Checks the values; a null variant becomes empty. */
    public Platform {
        if (os == null || os.isEmpty() || architecture == null || architecture.isEmpty()) {
            throw new InvalidParameterException("a platform needs an os and an architecture");
        }
        variant = variant == null ? "" : variant;
    }

    /**
     * Parses {@code os/arch[/variant]}, e.g. {@code linux/arm64/v8}.
     *
     * @throws InvalidParameterException when it has fewer than two or more than three parts
     */
    public static Platform parse(String s) {
        String[] p = s == null ? new String[0] : s.split("/", -1);
        if (p.length < 2 || p.length > 3) {
            throw new InvalidParameterException("\"" + s + "\" is not a platform: use os/arch[/variant]");
        }
        return new Platform(p[0], p[1], p.length == 3 ? p[2] : "");
    }

    /** The platform of this JVM's host. */
    public static Platform host() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String goArch = switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            case "riscv64" -> "riscv64";
            default -> arch.startsWith("arm") ? "arm" : arch;
        };
        return new Platform("linux", goArch, goArch.equals("arm64") ? "v8" : "");
    }

    /**
     * Whether an index entry for {@code other} can run here: same os and architecture, and the
     * same variant unless one of the two leaves it out (containerd's matcher, simplified: an
     * arm64 entry without a variant is taken as v8).
     */
    public boolean matches(Platform other) {
        return os.equals(other.os)
                && architecture.equals(other.architecture)
                && (variant.isEmpty() || other.variant.isEmpty() || variant.equals(other.variant));
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
    }
}
