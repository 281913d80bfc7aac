package dev.libcontainerd.internal.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.image.Descriptor;
import dev.libcontainerd.image.Image;
import dev.libcontainerd.image.ImageRef;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Imports an OCI image layout (directory or tar) or a {@code docker save} tarball: blobs into
 * the content store under a lease, children before parents with the GC labels containerd's
 * client sets, image records last.
 */
final class ArchiveImporter {
    private final ImageServices base;
    private final ImageStore images;

    ArchiveImporter(ImageServices base, ImageStore images) {
        this.base = base;
        this.images = images;
    }

    /** A small blob to write from memory, with its labels. */
    private record Doc(String digest, byte[] data, Map<String, String> labels) {}

    List<Image> importArchive(Path path, String name) {
        Archive a = Archive.open(path);
        // Check everything before writing anything.
        Map<String, Descriptor> named = new LinkedHashMap<>();
        List<Doc> docs = new ArrayList<>();
        Map<String, String> bigBlobs = new LinkedHashMap<>(); // archive path -> digest
        if (a.has("index.json")) {
            planOci(a, name, named, docs, bigBlobs);
        } else if (a.has("manifest.json")) {
            planDocker(a, name, named, docs, bigBlobs);
        } else {
            throw new InvalidParameterException(path + " is neither an OCI image layout (index.json) nor a"
                    + " docker save archive (manifest.json)");
        }
        boolean ok = false;
        try (Lease lease = Lease.create(base)) {
            try {
                ContentStore content = new ContentStore(lease.services());
                a.stream(bigBlobs.keySet(), (entry, in) -> writeStream(content, a, entry, bigBlobs.get(entry), in));
                for (Doc d : docs) {
                    content.writeBytes("import-" + d.digest(), d.digest(), d.data(), d.labels());
                }
                List<Image> out = new ArrayList<>();
                named.forEach((n, d) -> out.add(images.put(n, d)));
                ok = true;
                return out;
            } finally {
                if (!ok) {
                    lease.collectOnRelease();
                }
            }
        }
    }

    private static void writeStream(ContentStore content, Archive a, String entry, String digest, InputStream in) {
        Archive.Entry e = a.entry(entry);
        if (content.info(digest).isPresent()) {
            return;
        }
        boolean[] used = {false};
        content.write(
                "import-" + digest,
                digest,
                e.size(),
                offset -> {
                    if (used[0]) {
                        throw new IOException("an archive entry can be read once");
                    }
                    used[0] = true;
                    in.skipNBytes(offset);
                    return in;
                },
                Map.of(),
                done -> {});
    }

    private void planOci(
            Archive a, String name, Map<String, Descriptor> named, List<Doc> docs, Map<String, String> bigBlobs) {
        JsonNode index = Manifests.parse(a.bytes("index.json"), a.path() + " index.json");
        if (!index.path("manifests").isArray() || index.get("manifests").isEmpty()) {
            throw new InvalidParameterException(a.path() + ": index.json lists no manifests");
        }
        Set<String> seen = new HashSet<>();
        for (JsonNode m : index.get("manifests")) {
            Descriptor d = Manifests.descriptor(m, a.path() + " index.json");
            JsonNode ann = m.path("annotations");
            String imageName = ann.path("io.containerd.image.name").asText("");
            if (imageName.isEmpty()) {
                String refName = ann.path("org.opencontainers.image.ref.name").asText("");
                if (name != null) {
                    imageName = refName.isEmpty() || refName.contains("/") || name.contains("@")
                            ? name
                            : ImageRef.parse(name).repository() + ":" + refName;
                } else if (refName.contains("/")) {
                    imageName = refName;
                } else {
                    throw new InvalidParameterException(
                            a.path() + ": manifest " + d.digest() + " has no image name in the archive; give one");
                }
            }
            planOciBlob(a, d, docs, bigBlobs, seen);
            named.put(ImageRef.parse(imageName).toString(), d);
        }
    }

    private void planOciBlob(Archive a, Descriptor d, List<Doc> docs, Map<String, String> bigBlobs, Set<String> seen) {
        String p = Archive.blobPath(d.digest());
        Archive.Entry e = a.entry(p);
        if (!e.digest().equals(d.digest()) || e.size() != d.size()) {
            throw new InvalidParameterException(a.path() + ": " + p + " does not match its descriptor (digest "
                    + e.digest() + ", " + e.size() + " bytes)");
        }
        if (!seen.add(d.digest())) {
            return;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (MediaTypes.isIndex(d.mediaType())) {
            int i = 0;
            for (Manifests.Entry m : Manifests.index(a.bytes(p), a.path() + " " + p)) {
                if (a.has(Archive.blobPath(m.manifest().digest()))) {
                    planOciBlob(a, m.manifest(), docs, bigBlobs, seen);
                    labels.put(
                            "containerd.io/gc.ref.content.m." + i++,
                            m.manifest().digest());
                }
            }
        } else if (MediaTypes.isManifest(d.mediaType())) {
            Manifests.Manifest m = Manifests.manifest(a.bytes(p), a.path() + " " + p);
            planOciBlob(a, m.config(), docs, bigBlobs, seen);
            labels.put("containerd.io/gc.ref.content.config", m.config().digest());
            for (int i = 0; i < m.layers().size(); i++) {
                planOciBlob(a, m.layers().get(i), docs, bigBlobs, seen);
                labels.put(
                        "containerd.io/gc.ref.content.l." + i, m.layers().get(i).digest());
            }
        }
        if (e.bytes() != null) {
            docs.add(new Doc(d.digest(), e.bytes(), labels));
        } else if (labels.isEmpty()) {
            bigBlobs.put(p, d.digest());
        } else {
            throw new InvalidParameterException(a.path() + ": manifest " + d.digest() + " is too large");
        }
    }

    private void planDocker(
            Archive a, String name, Map<String, Descriptor> named, List<Doc> docs, Map<String, String> bigBlobs) {
        JsonNode list = Manifests.JSON.createArrayNode();
        try {
            list = Manifests.JSON.readTree(a.bytes("manifest.json"));
        } catch (IOException e) {
            throw new InvalidParameterException(a.path() + ": manifest.json is not valid JSON", e);
        }
        if (!list.isArray() || list.isEmpty()) {
            throw new InvalidParameterException(a.path() + ": manifest.json lists no images");
        }
        for (JsonNode img : list) {
            if (!img.path("Config").isTextual() || !img.path("Layers").isArray()) {
                throw new InvalidParameterException(a.path() + ": manifest.json entry without Config or Layers");
            }
            byte[] config = a.bytes(img.get("Config").asText());
            String configDigest = Manifests.sha256(config);
            Manifests.config(
                    config,
                    a.path() + " " + img.get("Config").asText(),
                    img.get("Layers").size());
            docs.add(new Doc(configDigest, config, Map.of()));
            ObjectNode manifest = Manifests.JSON.createObjectNode();
            manifest.put("schemaVersion", 2);
            manifest.put("mediaType", MediaTypes.DOCKER_MANIFEST);
            manifest.set(
                    "config", Manifests.toJson(new Descriptor(MediaTypes.DOCKER_CONFIG, configDigest, config.length)));
            ArrayNode layers = manifest.putArray("layers");
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("containerd.io/gc.ref.content.config", configDigest);
            int i = 0;
            for (JsonNode l : img.get("Layers")) {
                Archive.Entry e = a.entry(l.asText());
                String mt = e.gzip() ? MediaTypes.DOCKER_LAYER_GZIP : MediaTypes.DOCKER_LAYER;
                layers.add(Manifests.toJson(new Descriptor(mt, e.digest(), e.size())));
                labels.put("containerd.io/gc.ref.content.l." + i++, e.digest());
                if (e.bytes() != null) {
                    docs.add(0, new Doc(e.digest(), e.bytes(), Map.of()));
                } else {
                    bigBlobs.put(l.asText(), e.digest());
                }
            }
            byte[] mbytes = Manifests.bytes(manifest);
            Descriptor md = new Descriptor(MediaTypes.DOCKER_MANIFEST, Manifests.sha256(mbytes), mbytes.length);
            docs.add(new Doc(md.digest(), mbytes, labels));
            List<String> tags = new ArrayList<>();
            img.path("RepoTags").forEach(t -> tags.add(t.asText()));
            if (tags.isEmpty()) {
                if (name == null) {
                    throw new InvalidParameterException(a.path() + ": an image has no RepoTags; give a name");
                }
                tags.add(name);
            }
            for (String t : tags) {
                named.put(ImageRef.parse(t).toString(), md);
            }
        }
    }
}
