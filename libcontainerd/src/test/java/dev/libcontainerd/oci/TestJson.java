package dev.libcontainerd.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Test helpers: an independent, default-configured mapper to judge the library's output. */
final class TestJson {
    static final ObjectMapper PLAIN = new ObjectMapper();

    private TestJson() {}

    static JsonNode tree(String json) {
        try {
            return PLAIN.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode object(String json) {
        return (ObjectNode) tree(json);
    }

    /** Single quotes stand for double quotes, to keep JSON in Java source readable. */
    static String q(String json) {
        return json.replace('\'', '"');
    }

    static String resource(String name) {
        try (InputStream in = TestJson.class.getResourceAsStream("/oci/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource oci/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
