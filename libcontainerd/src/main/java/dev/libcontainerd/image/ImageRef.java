package dev.libcontainerd.image;

import dev.libcontainerd.errdefs.InvalidParameterException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An image reference, normalised as docker does: {@code busybox} is {@code
 * docker.io/library/busybox:latest}, {@code me/app} is {@code docker.io/me/app:latest}, a first
 * component with a dot, a colon or {@code localhost} names the registry. Immutable.
 */
public final class ImageRef {
    private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final Pattern PATH = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*"
                    + "|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final String DOCKER_HUB = "docker.io";

    private final String domain;
    private final String path;
    private final String tag;
    private final String digest;

    private ImageRef(String domain, String path, String tag, String digest) {
        this.domain = domain;
        this.path = path;
        this.tag = tag;
        this.digest = digest;
    }

    /**
     * Parses and normalises a reference; a reference with neither tag nor digest gets {@code
     * latest}.
     *
     * @throws InvalidParameterException when it is not a valid reference (upper case in the
     *     repository, an empty component, a bad tag or digest), saying which part is wrong
     */
    public static ImageRef parse(String ref) {
        if (ref == null || ref.isEmpty() || ref.length() > 255 + 72 + 128) {
            throw invalid(ref, "empty or too long");
        }
        String rest = ref;
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
            try {
                Descriptor.requireDigest(digest);
            } catch (InvalidParameterException e) {
                throw invalid(ref, "the digest must be sha256: and 64 lower-case hex digits");
            }
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw invalid(ref, "bad tag \"" + tag + "\"");
            }
        }
        String domain = DOCKER_HUB;
        String path = rest;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".")
                    || first.contains(":")
                    || first.equals("localhost")
                    || !first.equals(first.toLowerCase(Locale.ROOT))) {
                domain = first;
                path = rest.substring(slash + 1);
                if (!DOMAIN.matcher(domain).matches()) {
                    throw invalid(ref, "bad registry host \"" + domain + "\"");
                }
            }
        }
        if (domain.equals("index.docker.io")) {
            domain = DOCKER_HUB;
        }
        if (!PATH.matcher(path).matches()) {
            throw invalid(
                    ref,
                    "the repository \"" + path + "\" must be lower-case letters, digits"
                            + " and single separators (. _ __ -), joined by /");
        }
        if (domain.equals(DOCKER_HUB) && !path.contains("/")) {
            path = "library/" + path;
        }
        if (tag == null && digest == null) {
            tag = "latest";
        }
        return new ImageRef(domain, path, tag, digest);
    }

    private static InvalidParameterException invalid(String ref, String why) {
        return new InvalidParameterException("\"" + ref + "\" is not an image reference: " + why);
    }

    /** The registry as named in references, e.g. {@code docker.io} or {@code localhost:5000}. */
    public String domain() {
        return domain;
    }

    /** The repository path inside the registry, e.g. {@code library/busybox}. */
    public String path() {
        return path;
    }

    /** The tag, or null when the reference names only a digest. */
    public String tag() {
        return tag;
    }

    /** The digest, or null when the reference names only a tag. */
    public String digest() {
        return digest;
    }

    /** The host to talk to: {@code registry-1.docker.io} for {@code docker.io}. */
    public String registryHost() {
        return domain.equals(DOCKER_HUB) ? "registry-1.docker.io" : domain;
    }

    /** What the registry's manifest endpoint takes: the digest when there is one, else the tag. */
    public String object() {
        return digest != null ? digest : tag;
    }

    /** {@code domain/path}, without tag or digest. */
    public String repository() {
        return domain + "/" + path;
    }

    /**
     * The reference as docker shows it: without {@code docker.io/} and {@code library/}, e.g.
     * {@code busybox:latest} for {@code docker.io/library/busybox:latest}.
     */
    public String familiar() {
        String full = toString();
        if (!domain.equals(DOCKER_HUB)) {
            return full;
        }
        String rest = full.substring(DOCKER_HUB.length() + 1);
        return rest.startsWith("library/") && path.indexOf('/', "library/".length()) < 0
                ? rest.substring("library/".length())
                : rest;
    }

    /** The full normalised reference, the name containerd's image store uses. */
    @Override
    public String toString() {
        return repository() + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageRef r && r.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
