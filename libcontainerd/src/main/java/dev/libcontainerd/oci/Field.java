package dev.libcontainerd.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One known field of an OCI object: where it sits (a dotted path below the object, such as
 * {@code user.uid} in {@code process}) and its {@link Kind}. Each field is declared once, as a
 * constant of the type that owns the object; that constant is what validates the field (through
 * the owner's {@link Schema}), reads it for an accessor and writes it for a builder setter.
 *
 * @param <T> the Java type of the value
 */
final class Field<T> {
    private final String name;
    private final String[] path;
    private final Kind<T> kind;

    private Field(String name, Kind<T> kind) {
        this.name = name;
        this.path = name.split("\\.");
        this.kind = kind;
    }

    /** The field at {@code path} (dot-separated JSON member names) of the given kind. */
    static <T> Field<T> of(String path, Kind<T> kind) {
        return new Field<>(path, kind);
    }

    /** The same field seen from the object that holds its owner at {@code parent}. */
    Field<T> under(String parent) {
        return new Field<>(parent + "." + name, kind);
    }

    /** {@code parent.field}, the way error messages name a field. */
    static String path(String parent, String field) {
        return parent.isEmpty() ? field : parent + "." + field;
    }

    /**
     * The value in {@code owner}, or null when it, or an object on its path, is absent or JSON
     * null. For a tree its owner validated, this cannot fail.
     */
    T get(ObjectNode owner) {
        JsonNode v = find(owner, "");
        return v == null ? null : kind.read(v, name);
    }

    /** The value in {@code owner}, or {@code absent} when there is none. */
    T getOr(ObjectNode owner, T absent) {
        T v = get(owner);
        return v == null ? absent : v;
    }

    /**
     * Checks the field in {@code owner}, all the way down.
     *
     * @param where how error messages name {@code owner} ({@code "process"}, or empty for the
     *     root)
     * @throws dev.libcontainerd.errdefs.InvalidParameterException naming the field's full path
     */
    void check(ObjectNode owner, String where) {
        JsonNode v = find(owner, where);
        if (v != null) {
            kind.check(v, path(where, name));
        }
    }

    /**
     * Writes {@code value} into {@code owner}, creating the objects on its path (and replacing
     * anything there that is not an object); null removes the field. Every other member is kept,
     * in place.
     */
    void set(ObjectNode owner, T value) {
        OciJson.putOrRemove(parentIn(owner), last(), value == null ? null : kind.write(value, name));
    }

    /**
     * The live object at this field of {@code owner}, created (in place of anything that is not
     * an object) when missing, for edits that keep the members they do not touch.
     */
    ObjectNode objectIn(ObjectNode owner) {
        return OciJson.child(parentIn(owner), last());
    }

    /** The live array at this field of {@code owner}, created (as {@link #objectIn}) when missing. */
    ArrayNode arrayIn(ObjectNode owner) {
        ObjectNode parent = parentIn(owner);
        JsonNode existing = parent.get(last());
        return existing instanceof ArrayNode ? (ArrayNode) existing : parent.putArray(last());
    }

    /** The value in an element of an array, or null when the element is not an object. */
    T getIn(JsonNode element) {
        return element instanceof ObjectNode ? get((ObjectNode) element) : null;
    }

    private ObjectNode parentIn(ObjectNode owner) {
        ObjectNode parent = owner;
        for (int i = 0; i < path.length - 1; i++) {
            parent = OciJson.child(parent, path[i]);
        }
        return parent;
    }

    private String last() {
        return path[path.length - 1];
    }

    private JsonNode find(ObjectNode owner, String where) {
        JsonNode node = owner;
        StringBuilder at = new StringBuilder(where);
        for (String member : path) {
            if (!node.isObject()) {
                throw Kind.invalid(at.toString(), "an object", node);
            }
            JsonNode child = node.get(member);
            if (child == null || child.isNull()) {
                return null;
            }
            at.append(at.length() == 0 ? "" : ".").append(member);
            node = child;
        }
        return node;
    }
}
