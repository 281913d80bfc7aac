package dev.libcontainerd.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.libcontainerd.errdefs.InvalidParameterException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The OCI {@code linux.resources} object: the cgroup limits of a container, given with the spec
 * at create time or alone to {@link dev.libcontainerd.Client#updateResources}.
 *
 * <p>Immutable and thread-safe. It holds the JSON object it was read from, so fields it has no
 * accessor for (block I/O, hugepages, RDMA, fields of newer spec versions …) are written back by
 * {@link #toJson()} unchanged. Equality is equality of that JSON content.
 *
 * <p>64-bit fields follow the Go types of {@code runtime-spec}: signed ones ({@code limit},
 * {@code swap}, {@code quota} …) accept {@code -1} for "unlimited". A JSON value above {@link
 * Long#MAX_VALUE} (up to {@code 2^64-1}, as unsigned fields such as {@code shares} allow and as
 * some tools write for an unlimited memory limit) stays exact in the JSON, and its accessor
 * returns the negative {@code long} with the same 64 bits ({@code 2^64-1} as {@code -1}); {@link
 * Long#toUnsignedString(long)} recovers it.
 */
public final class LinuxResources {
    private static final String WHERE = "linux.resources";

    private final ObjectNode node;

    /** Wraps a tree that is already validated and that nobody will change. */
    LinuxResources(ObjectNode node) {
        this.node = node;
    }

    /**
     * Reads a {@code linux.resources} object.
     *
     * @throws InvalidParameterException if {@code json} is null, malformed, not an object, or a
     *     known field has the wrong JSON type or range
     */
    public static LinuxResources fromJson(String json) {
        ObjectNode node = OciJson.parseObject(json, "OCI linux.resources");
        validate(node, WHERE);
        return new LinuxResources(node);
    }

    /** A builder for resources with no limit set. */
    public static Builder builder() {
        return new Builder(OciJson.newObject());
    }

    /** A builder that starts from these resources, unknown fields included. */
    public Builder toBuilder() {
        return new Builder(node.deepCopy());
    }

    /** The resources as compact JSON, every field it was read with included. */
    public String toJson() {
        return OciJson.write(node);
    }

    /** The memory limit in bytes ({@code memory.limit}); {@code -1} means unlimited. */
    public OptionalLong memoryLimit() {
        return optional(OciFields.int64(sub("memory"), "limit", WHERE + ".memory"));
    }

    /** The memory soft limit in bytes ({@code memory.reservation}). */
    public OptionalLong memoryReservation() {
        return optional(OciFields.int64(sub("memory"), "reservation", WHERE + ".memory"));
    }

    /** The memory plus swap limit in bytes ({@code memory.swap}); {@code -1} means unlimited. */
    public OptionalLong memorySwap() {
        return optional(OciFields.int64(sub("memory"), "swap", WHERE + ".memory"));
    }

    /** The relative CPU weight ({@code cpu.shares}, unsigned). */
    public OptionalLong cpuShares() {
        return optional(OciFields.uint64(sub("cpu"), "shares", WHERE + ".cpu"));
    }

    /** The CPU time in microseconds allowed per {@link #cpuPeriod()} ({@code cpu.quota}). */
    public OptionalLong cpuQuota() {
        return optional(OciFields.int64(sub("cpu"), "quota", WHERE + ".cpu"));
    }

    /** The CFS period in microseconds ({@code cpu.period}, unsigned). */
    public OptionalLong cpuPeriod() {
        return optional(OciFields.uint64(sub("cpu"), "period", WHERE + ".cpu"));
    }

    /** The CPUs the container may run on, as a cpuset list such as {@code "0-2,4"}. */
    public Optional<String> cpus() {
        return Optional.ofNullable(OciFields.string(sub("cpu"), "cpus", WHERE + ".cpu"));
    }

    /** The memory nodes the container may use, as a cpuset list ({@code cpu.mems}). */
    public Optional<String> cpuMems() {
        return Optional.ofNullable(OciFields.string(sub("cpu"), "mems", WHERE + ".cpu"));
    }

    /** The maximum number of tasks ({@code pids.limit}); {@code 0} or {@code -1} mean none. */
    public OptionalLong pidsLimit() {
        return optional(OciFields.int64(sub("pids"), "limit", WHERE + ".pids"));
    }

    /** cgroup v2 files to write, by name ({@code unified}); unmodifiable, empty when absent. */
    public Map<String, String> unified() {
        return OciFields.stringMap(node, "unified", WHERE);
    }

    /** The JSON tree; callers must copy it before changing anything. */
    ObjectNode node() {
        return node;
    }

    private ObjectNode sub(String field) {
        ObjectNode o = OciFields.object(node, field, WHERE);
        return o == null ? OciJson.newObject() : o;
    }

    private static OptionalLong optional(Long v) {
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /** Checks the known fields, with the Go types runc unmarshals them into. */
    static void validate(ObjectNode n, String where) {
        int i = 0;
        for (ObjectNode d : OciFields.objects(n, "devices", where)) {
            String at = OciFields.path(where, "devices") + "[" + i++ + "]";
            OciFields.bool(d, "allow", at);
            OciFields.string(d, "type", at);
            OciFields.int64(d, "major", at);
            OciFields.int64(d, "minor", at);
            OciFields.string(d, "access", at);
        }
        ObjectNode memory = OciFields.object(n, "memory", where);
        if (memory != null) {
            String at = OciFields.path(where, "memory");
            for (String f : new String[] {"limit", "reservation", "swap", "kernel", "kernelTCP"}) {
                OciFields.int64(memory, f, at);
            }
            OciFields.uint64(memory, "swappiness", at);
            for (String f : new String[] {"disableOOMKiller", "useHierarchy", "checkBeforeUpdate"}) {
                OciFields.bool(memory, f, at);
            }
        }
        ObjectNode cpu = OciFields.object(n, "cpu", where);
        if (cpu != null) {
            String at = OciFields.path(where, "cpu");
            for (String f : new String[] {"shares", "burst", "period", "realtimePeriod"}) {
                OciFields.uint64(cpu, f, at);
            }
            for (String f : new String[] {"quota", "realtimeRuntime", "idle"}) {
                OciFields.int64(cpu, f, at);
            }
            OciFields.string(cpu, "cpus", at);
            OciFields.string(cpu, "mems", at);
        }
        ObjectNode pids = OciFields.object(n, "pids", where);
        if (pids != null) {
            OciFields.int64(pids, "limit", OciFields.path(where, "pids"));
        }
        ObjectNode blockIo = OciFields.object(n, "blockIO", where);
        if (blockIo != null) {
            OciFields.uint32(blockIo, "weight", OciFields.path(where, "blockIO"));
            OciFields.uint32(blockIo, "leafWeight", OciFields.path(where, "blockIO"));
        }
        i = 0;
        for (ObjectNode h : OciFields.objects(n, "hugepageLimits", where)) {
            String at = OciFields.path(where, "hugepageLimits") + "[" + i++ + "]";
            OciFields.string(h, "pageSize", at);
            OciFields.uint64(h, "limit", at);
        }
        OciFields.object(n, "network", where);
        OciFields.object(n, "rdma", where);
        OciFields.stringMap(n, "unified", where);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof LinuxResources && node.equals(((LinuxResources) o).node));
    }

    @Override
    public int hashCode() {
        return node.hashCode();
    }

    /** The JSON form, as {@link #toJson()}. */
    @Override
    public String toString() {
        return toJson();
    }

    /**
     * Builds {@link LinuxResources}. Each setter writes one field and leaves every other field,
     * known or not, as it was. Not thread-safe.
     */
    public static final class Builder {
        private final ObjectNode node;

        private Builder(ObjectNode node) {
            this.node = node;
        }

        /** Sets {@code memory.limit} in bytes; {@code -1} for unlimited. */
        public Builder memoryLimit(long bytes) {
            return put("memory", "limit", OciJson.signed(bytes));
        }

        /** Sets {@code memory.reservation}, the soft limit in bytes. */
        public Builder memoryReservation(long bytes) {
            return put("memory", "reservation", OciJson.signed(bytes));
        }

        /** Sets {@code memory.swap}, the memory plus swap limit in bytes; {@code -1} for unlimited. */
        public Builder memorySwap(long bytes) {
            return put("memory", "swap", OciJson.signed(bytes));
        }

        /**
         * Sets {@code cpu.shares}, the relative CPU weight (1024 is the kernel's default).
         *
         * @throws InvalidParameterException if {@code shares} is negative
         */
        public Builder cpuShares(long shares) {
            return put("cpu", "shares", OciJson.unsigned(nonNegative(shares, "cpu shares")));
        }

        /** Sets {@code cpu.quota} in microseconds per period; {@code -1} for unlimited. */
        public Builder cpuQuota(long micros) {
            return put("cpu", "quota", OciJson.signed(micros));
        }

        /**
         * Sets {@code cpu.period} in microseconds.
         *
         * @throws InvalidParameterException if {@code micros} is negative
         */
        public Builder cpuPeriod(long micros) {
            return put("cpu", "period", OciJson.unsigned(nonNegative(micros, "cpu period")));
        }

        /** Sets {@code cpu.cpus}, a cpuset list such as {@code "0-2,4"}; null removes it. */
        public Builder cpus(String cpuset) {
            return put("cpu", "cpus", OciJson.text(cpuset));
        }

        /** Sets {@code cpu.mems}, the memory nodes as a cpuset list; null removes it. */
        public Builder cpuMems(String mems) {
            return put("cpu", "mems", OciJson.text(mems));
        }

        /** Sets {@code pids.limit}; {@code 0} or {@code -1} for no limit. */
        public Builder pidsLimit(long limit) {
            return put("pids", "limit", OciJson.signed(limit));
        }

        /**
         * Sets {@code unified}, cgroup v2 files to write, such as {@code memory.high}; null
         * removes it.
         *
         * @throws InvalidParameterException if a key or value is null
         */
        public Builder unified(Map<String, String> files) {
            OciJson.putOrRemove(node, "unified",
                    files == null ? null : OciJson.stringMap(files, "unified"));
            return this;
        }

        /** Builds the immutable resources; the builder may be used on afterwards. */
        public LinuxResources build() {
            ObjectNode copy = node.deepCopy();
            validate(copy, WHERE);
            return new LinuxResources(copy);
        }

        private Builder put(String group, String field, JsonNode v) {
            OciJson.putOrRemove(OciJson.child(node, group), field, v);
            return this;
        }

        private static long nonNegative(long v, String what) {
            if (v < 0) {
                throw new InvalidParameterException(what + " must not be negative: " + v);
            }
            return v;
        }
    }
}
