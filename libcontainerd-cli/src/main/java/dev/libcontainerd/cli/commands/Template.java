package dev.libcontainerd.cli.commands;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.libcontainerd.cli.CliException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docker's {@code --format} for the common cases: text with {@code {{.Field.Sub}}} paths into a
 * JSON tree, {@code {{json .Path}}} (or {@code {{json .}}}) for a subtree as JSON, and the
 * escapes {@code \t} and {@code \n}. Anything else in braces is refused, not guessed.
 */
final class Template {
    private static final Pattern ACTION = Pattern.compile("\\{\\{\\s*(json\\s+)?(\\.[A-Za-z0-9_.]*)\\s*}}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String format;

    Template(String format) {
        this.format = format.replace("\\t", "\t").replace("\\n", "\n");
        String rest = ACTION.matcher(this.format).replaceAll("");
        if (rest.contains("{{")) {
            throw new CliException(
                    "template: unsupported action in '" + format + "': use {{.Field.Path}} or {{json .Path}}");
        }
    }

    /** The text for {@code root}. */
    String render(JsonNode root) {
        Matcher m = ACTION.matcher(format);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            JsonNode v = at(root, m.group(2));
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) != null ? json(v) : text(v, m.group(2))));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static JsonNode at(JsonNode root, String path) {
        JsonNode n = root;
        for (String part : path.substring(1).split("\\.")) {
            if (part.isEmpty()) {
                continue;
            }
            if (n == null || !n.isObject() || !n.has(part)) {
                throw new CliException("template: can't evaluate field " + part + " in " + path);
            }
            n = n.get(part);
        }
        return n;
    }

    private static String text(JsonNode v, String path) {
        if (v.isValueNode()) {
            return v.isNull() ? "<no value>" : v.asText();
        }
        if (v.isArray()) {
            StringBuilder b = new StringBuilder("[");
            v.forEach(e -> b.append(b.length() > 1 ? " " : "").append(e.isValueNode() ? e.asText() : json(e)));
            return b.append(']').toString();
        }
        return json(v); // docker prints Go's map syntax here; JSON is at least readable
    }

    private static String json(JsonNode v) {
        try {
            return JSON.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw new CliException("template: " + e.getMessage(), e);
        }
    }
}
