package dev.libcontainerd.oci;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The known fields of one kind of OCI object. Validating an object checks each of them, with
 * nested objects and array elements checked by their own schemas; members no field names are
 * left alone, whatever they hold.
 */
final class Schema {
    private final List<Field<?>> fields;

    private Schema(List<Field<?>> fields) {
        this.fields = fields;
    }

    static Schema of(Field<?>... fields) {
        return new Schema(List.of(fields));
    }

    /**
     * Checks every known field of {@code object}.
     *
     * @param where how error messages name {@code object}, empty for a spec's root
     * @throws dev.libcontainerd.errdefs.InvalidParameterException naming the first bad field
     */
    void validate(ObjectNode object, String where) {
        for (Field<?> f : fields) {
            f.check(object, where);
        }
    }
}
