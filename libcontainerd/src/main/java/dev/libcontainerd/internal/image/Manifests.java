package dev.libcontainerd.internal.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.image.Descriptor;
import dev.libcontainerd.image.ImageConfig;
import dev.libcontainerd.image.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads indexes, manifests and image configs, strictly: anything malformed is an {@link
 * InvalidParameterException} naming the blob.
 */
final class Manifests {
    static final ObjectMapper JSON = new ObjectMapper();

    /** An index entry: a manifest and the platform it is for (null when the index does not say). */
    record Entry(Descriptor manifest, Platform platform) {}

    /** A manifest's config and layers. */
    record Manifest(Descriptor config, List<Descriptor> layers) {}

    private Manifests() {}

    static String sha256(byte[] data) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode parse(byte[] data, String what) {
        try {
            JsonNode n = JSON.readTree(data);
            if (n == null || !n.isObject()) {
                throw new InvalidParameterException(what + " is not a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new InvalidParameterException(what + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** The media type of a manifest or index: the HTTP content type unless generic, else the JSON's. */
    static String mediaType(byte[] data, String contentType, String what) {
        String ct = contentType == null ? "" : contentType.split(";")[0].trim();
        if (MediaTypes.isIndex(ct) || MediaTypes.isManifest(ct)) {
            return ct;
        }
        JsonNode n = parse(data, what);
        String mt = n.path("mediaType").asText("");
        if (MediaTypes.isIndex(mt) || MediaTypes.isManifest(mt)) {
            return mt;
        }
        if (mt.isEmpty() && n.has("manifests")) {
            return MediaTypes.OCI_INDEX;
        }
        if (mt.isEmpty() && n.has("layers") && n.has("config")) {
            return MediaTypes.OCI_MANIFEST;
        }
        if (n.path("schemaVersion").asInt() == 1) {
            throw new InvalidParameterException(what + " is a Docker schema 1 manifest, which is not supported");
        }
        throw new InvalidParameterException(
                what + " is not an image manifest or index (media type \"" + (mt.isEmpty() ? ct : mt) + "\")");
    }

    static Descriptor descriptor(JsonNode n, String what) {
        if (!n.isObject()
                || !n.path("mediaType").isTextual()
                || !n.path("digest").isTextual()
                || !n.path("size").canConvertToLong()) {
            throw new InvalidParameterException(what + ": a descriptor needs mediaType, digest and size");
        }
        try {
            return new Descriptor(
                    n.get("mediaType").asText(),
                    n.get("digest").asText(),
                    n.get("size").asLong());
        } catch (InvalidParameterException e) {
            throw new InvalidParameterException(what + ": " + e.getMessage(), e);
        }
    }

    static List<Entry> index(byte[] data, String what) {
        JsonNode n = parse(data, what);
        if (!n.path("manifests").isArray()) {
            throw new InvalidParameterException(what + ": an index needs a manifests array");
        }
        List<Entry> out = new ArrayList<>();
        for (JsonNode m : n.get("manifests")) {
            Descriptor d = descriptor(m, what);
            JsonNode p = m.path("platform");
            Platform platform = p.isObject()
                            && p.path("os").isTextual()
                            && p.path("architecture").isTextual()
                    ? new Platform(
                            p.get("os").asText(),
                            p.get("architecture").asText(),
                            p.path("variant").asText(""))
                    : null;
            out.add(new Entry(d, platform));
        }
        return out;
    }

    static Manifest manifest(byte[] data, String what) {
        JsonNode n = parse(data, what);
        if (!n.path("layers").isArray() || !n.path("config").isObject()) {
            throw new InvalidParameterException(what + ": a manifest needs a config and a layers array");
        }
        Descriptor config = descriptor(n.get("config"), what);
        if (!MediaTypes.isConfig(config.mediaType())) {
            throw new InvalidParameterException(what + ": config media type \"" + config.mediaType()
                    + "\" is not an image config (is this an artifact, not an image?)");
        }
        List<Descriptor> layers = new ArrayList<>();
        for (JsonNode l : n.get("layers")) {
            Descriptor d = descriptor(l, what);
            if (!MediaTypes.isLayer(d.mediaType())) {
                throw new InvalidParameterException(what + ": unsupported layer media type \"" + d.mediaType() + "\"");
            }
            layers.add(d);
        }
        return new Manifest(config, List.copyOf(layers));
    }

    static ImageConfig config(byte[] data, String what, int layerCount) {
        JsonNode n = parse(data, what);
        JsonNode c = n.path("config");
        List<String> diffIds = strings(n.path("rootfs").path("diff_ids"));
        if (layerCount >= 0 && diffIds.size() != layerCount) {
            throw new InvalidParameterException(
                    what + ": " + diffIds.size() + " diff_ids for " + layerCount + " layers");
        }
        diffIds.forEach(Descriptor::requireDigest);
        String os = n.path("os").asText("linux");
        String arch = n.path("architecture").asText("");
        return new ImageConfig(
                new Platform(
                        os.isEmpty() ? "linux" : os,
                        arch.isEmpty() ? "unknown" : arch,
                        n.path("variant").asText("")),
                strings(c.path("Entrypoint")),
                strings(c.path("Cmd")),
                strings(c.path("Env")),
                c.path("WorkingDir").asText(""),
                c.path("User").asText(""),
                diffIds);
    }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        if (a.isArray()) {
            a.forEach(s -> out.add(s.asText()));
        }
        return out;
    }

    /** A descriptor as OCI JSON. */
    static ObjectNode toJson(Descriptor d) {
        ObjectNode n = JSON.createObjectNode();
        n.put("mediaType", d.mediaType());
        n.put("digest", d.digest());
        n.put("size", d.size());
        return n;
    }

    static byte[] bytes(JsonNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ArrayNode array() {
        return JSON.createArrayNode();
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
