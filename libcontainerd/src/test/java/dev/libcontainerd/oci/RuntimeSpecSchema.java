package dev.libcontainerd.oci;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The runtime-spec's own JSON Schema for {@code config.json}, read where Debian's
 * golang-github-opencontainers-specs-dev installs it (next to the containerd protos the build
 * already needs), never copied into this repository.
 */
final class RuntimeSpecSchema {
    static final Path DIR = Path.of("/usr/share/gocode/src/github.com/opencontainers/runtime-spec/schema");

    private static Schema config;

    private RuntimeSpecSchema() {}

    /** The schema's complaints about {@code json}, one line each; empty when it is valid. */
    static synchronized List<String> errors(String json) {
        if (config == null) {
            Path file = DIR.resolve("config-schema.json");
            if (!Files.isRegularFile(file)) {
                throw new AssertionError(file + " is missing: install golang-github-opencontainers-specs-dev"
                        + " (scripts/install-deps.sh does)");
            }
            // The schema declares draft-04 and refers to its sibling files (defs.json,
            // config-linux.json …) by relative URI, which resolve against this file: URI. The
            // validator fetches nothing itself: it gets those files' text from here, and only
            // files of that directory.
            String base = DIR.toUri().toString();
            config = SchemaRegistry.withDefaultDialect(
                            SpecificationVersion.DRAFT_4,
                            registry -> registry.schemas(iri -> iri.startsWith(base) ? read(iri) : null))
                    .getSchema(SchemaLocation.of(file.toUri().toString()));
        }
        return config.validate(TestJson.tree(json)).stream()
                .map(Error::toString)
                .toList();
    }

    private static String read(String iri) {
        try {
            return Files.readString(Path.of(URI.create(iri)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
