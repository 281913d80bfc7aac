package dev.libcontainerd.internal.image;

import java.util.Set;

/** The OCI and Docker schema 2 media types this package understands. */
final class MediaTypes {
    static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";

    /** What a manifest request accepts, most specific first. */
    static final String ACCEPT = String.join(", ", OCI_INDEX, DOCKER_LIST, OCI_MANIFEST, DOCKER_MANIFEST);

    private static final Set<String> LAYERS = Set.of(
            DOCKER_LAYER_GZIP,
            DOCKER_LAYER,
            "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
            OCI_LAYER,
            OCI_LAYER + "+gzip",
            OCI_LAYER + "+zstd",
            "application/vnd.oci.image.layer.nondistributable.v1.tar",
            "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
            "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd");

    private MediaTypes() {}

    static boolean isIndex(String mediaType) {
        return OCI_INDEX.equals(mediaType) || DOCKER_LIST.equals(mediaType);
    }

    static boolean isManifest(String mediaType) {
        return OCI_MANIFEST.equals(mediaType) || DOCKER_MANIFEST.equals(mediaType);
    }

    static boolean isConfig(String mediaType) {
        return OCI_CONFIG.equals(mediaType) || DOCKER_CONFIG.equals(mediaType);
    }

    static boolean isLayer(String mediaType) {
        return LAYERS.contains(mediaType);
    }

    /** containerd's ingest ref prefix for a blob of this type, as its Go client makes them. */
    static String refKind(String mediaType) {
        if (isIndex(mediaType)) {
            return "index";
        }
        if (isManifest(mediaType)) {
            return "manifest";
        }
        if (isConfig(mediaType)) {
            return "config";
        }
        return isLayer(mediaType) ? "layer" : "unknown";
    }
}
