package dev.libcontainerd.supervisor;

import dev.libcontainerd.errdefs.InvalidParameterException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Copies of caller-supplied plugin configuration, limited to what TOML can say. */
final class TomlValues {
    private TomlValues() {}

    /**
     * A deep, validated, unmodifiable copy of {@code table}: the options stay immutable whatever
     * the caller later does to its maps, and anything TOML cannot say (null, arbitrary objects)
     * is refused when the options are built rather than when containerd is launched.
     *
     * @param where the key path so far, for error messages
     * @throws InvalidParameterException on a value TOML cannot represent
     */
    static Map<String, Object> copyTable(Map<String, ?> table, String where) {
        Map<String, Object> copy = new LinkedHashMap<>();
        table.forEach((k, v) -> {
            if (k == null || k.isEmpty()) {
                throw new InvalidParameterException("empty key in plugin config " + where);
            }
            copy.put(k, copyValue(v, where + "." + k));
        });
        return Collections.unmodifiableMap(copy);
    }

    @SuppressWarnings("unchecked")
    private static Object copyValue(Object v, String where) {
        if (v instanceof String
                || v instanceof Boolean
                || v instanceof Integer
                || v instanceof Long
                || v instanceof Short
                || v instanceof Byte
                || v instanceof Double
                || v instanceof Float
                || v instanceof BigInteger
                || v instanceof BigDecimal) {
            return v;
        }
        if (v instanceof Map<?, ?> m) {
            for (Object k : m.keySet()) {
                if (!(k instanceof String)) {
                    throw new InvalidParameterException("non-string key " + k + " at " + where);
                }
            }
            return copyTable((Map<String, ?>) m, where);
        }
        if (v instanceof Collection<?> c) {
            List<Object> copy = new ArrayList<>(c.size());
            c.forEach(e -> copy.add(copyValue(e, where + "[]")));
            return Collections.unmodifiableList(copy);
        }
        throw new InvalidParameterException("unsupported plugin config value at " + where + ": "
                + (v == null ? "null" : v.getClass().getName()));
    }
}
