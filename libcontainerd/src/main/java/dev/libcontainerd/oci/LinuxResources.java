package dev.libcontainerd.oci;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.libcontainerd.errdefs.InvalidParameterException;
import java.util.List;
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

    private static final Schema DEVICE = Schema.of(
            Field.of("allow", Kind.BOOL),
            Field.of("type", Kind.STRING),
            Field.of("major", Kind.INT64),
            Field.of("minor", Kind.INT64),
            Field.of("access", Kind.STRING));
    private static final Schema HUGEPAGE_LIMIT =
            Schema.of(Field.of("pageSize", Kind.STRING), Field.of("limit", Kind.UINT64));

    static final Field<List<ObjectNode>> DEVICES = Field.of("devices", Kind.list(Kind.objects(DEVICE)));
    static final Field<Long> MEMORY_LIMIT = Field.of("memory.limit", Kind.INT64);
    static final Field<Long> MEMORY_RESERVATION = Field.of("memory.reservation", Kind.INT64);
    static final Field<Long> MEMORY_SWAP = Field.of("memory.swap", Kind.INT64);
    static final Field<Long> MEMORY_KERNEL = Field.of("memory.kernel", Kind.INT64);
    static final Field<Long> MEMORY_KERNEL_TCP = Field.of("memory.kernelTCP", Kind.INT64);
    static final Field<Long> MEMORY_SWAPPINESS = Field.of("memory.swappiness", Kind.UINT64);
    static final Field<Boolean> MEMORY_DISABLE_OOM_KILLER = Field.of("memory.disableOOMKiller", Kind.BOOL);
    static final Field<Boolean> MEMORY_USE_HIERARCHY = Field.of("memory.useHierarchy", Kind.BOOL);
    static final Field<Boolean> MEMORY_CHECK_BEFORE_UPDATE = Field.of("memory.checkBeforeUpdate", Kind.BOOL);
    static final Field<Long> CPU_SHARES = Field.of("cpu.shares", Kind.UINT64);
    static final Field<Long> CPU_QUOTA = Field.of("cpu.quota", Kind.INT64);
    static final Field<Long> CPU_BURST = Field.of("cpu.burst", Kind.UINT64);
    static final Field<Long> CPU_PERIOD = Field.of("cpu.period", Kind.UINT64);
    static final Field<Long> CPU_REALTIME_RUNTIME = Field.of("cpu.realtimeRuntime", Kind.INT64);
    static final Field<Long> CPU_REALTIME_PERIOD = Field.of("cpu.realtimePeriod", Kind.UINT64);
    static final Field<String> CPU_CPUS = Field.of("cpu.cpus", Kind.STRING);
    static final Field<String> CPU_MEMS = Field.of("cpu.mems", Kind.STRING);
    static final Field<Long> CPU_IDLE = Field.of("cpu.idle", Kind.INT64);
    static final Field<Long> PIDS_LIMIT = Field.of("pids.limit", Kind.INT64);
    static final Field<Long> BLOCK_IO_WEIGHT = Field.of("blockIO.weight", Kind.UINT32);
    static final Field<Long> BLOCK_IO_LEAF_WEIGHT = Field.of("blockIO.leafWeight", Kind.UINT32);
    static final Field<List<ObjectNode>> HUGEPAGE_LIMITS =
            Field.of("hugepageLimits", Kind.list(Kind.objects(HUGEPAGE_LIMIT)));
    static final Field<ObjectNode> NETWORK = Field.of("network", Kind.OBJECT);
    static final Field<ObjectNode> RDMA = Field.of("rdma", Kind.OBJECT);
    static final Field<Map<String, String>> UNIFIED = Field.of("unified", Kind.STRING_MAP);

    /** The known fields, checked with the Go types runc unmarshals them into. */
    static final Schema SCHEMA = Schema.of(
            DEVICES,
            MEMORY_LIMIT,
            MEMORY_RESERVATION,
            MEMORY_SWAP,
            MEMORY_KERNEL,
            MEMORY_KERNEL_TCP,
            MEMORY_SWAPPINESS,
            MEMORY_DISABLE_OOM_KILLER,
            MEMORY_USE_HIERARCHY,
            MEMORY_CHECK_BEFORE_UPDATE,
            CPU_SHARES,
            CPU_QUOTA,
            CPU_BURST,
            CPU_PERIOD,
            CPU_REALTIME_RUNTIME,
            CPU_REALTIME_PERIOD,
            CPU_CPUS,
            CPU_MEMS,
            CPU_IDLE,
            PIDS_LIMIT,
            BLOCK_IO_WEIGHT,
            BLOCK_IO_LEAF_WEIGHT,
            HUGEPAGE_LIMITS,
            NETWORK,
            RDMA,
            UNIFIED);

    /** The {@code resources} member of {@code linux}, read as this type. */
    static final Kind<LinuxResources> KIND = Kind.object(SCHEMA, LinuxResources::new, r -> r.node.deepCopy());

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
        SCHEMA.validate(node, WHERE);
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
        return optional(MEMORY_LIMIT);
    }

    /** The memory soft limit in bytes ({@code memory.reservation}). */
    public OptionalLong memoryReservation() {
        return optional(MEMORY_RESERVATION);
    }

    /** The memory plus swap limit in bytes ({@code memory.swap}); {@code -1} means unlimited. */
    public OptionalLong memorySwap() {
        return optional(MEMORY_SWAP);
    }

    /** The relative CPU weight ({@code cpu.shares}, unsigned). */
    public OptionalLong cpuShares() {
        return optional(CPU_SHARES);
    }

    /** The CPU time in microseconds allowed per {@link #cpuPeriod()} ({@code cpu.quota}). */
    public OptionalLong cpuQuota() {
        return optional(CPU_QUOTA);
    }

    /** The CFS period in microseconds ({@code cpu.period}, unsigned). */
    public OptionalLong cpuPeriod() {
        return optional(CPU_PERIOD);
    }

    /** The CPUs the container may run on, as a cpuset list such as {@code "0-2,4"}. */
    public Optional<String> cpus() {
        return Optional.ofNullable(CPU_CPUS.get(node));
    }

    /** The memory nodes the container may use, as a cpuset list ({@code cpu.mems}). */
    public Optional<String> cpuMems() {
        return Optional.ofNullable(CPU_MEMS.get(node));
    }

    /** The maximum number of tasks ({@code pids.limit}); {@code 0} or {@code -1} mean none. */
    public OptionalLong pidsLimit() {
        return optional(PIDS_LIMIT);
    }

    /** cgroup v2 files to write, by name ({@code unified}); unmodifiable, empty when absent. */
    public Map<String, String> unified() {
        return UNIFIED.getOr(node, Map.of());
    }

    /** The JSON tree; callers must copy it before changing anything. */
    ObjectNode node() {
        return node;
    }

    private OptionalLong optional(Field<Long> field) {
        Long v = field.get(node);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
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
            return set(MEMORY_LIMIT, bytes);
        }

        /** Sets {@code memory.reservation}, the soft limit in bytes. */
        public Builder memoryReservation(long bytes) {
            return set(MEMORY_RESERVATION, bytes);
        }

        /** Sets {@code memory.swap}, the memory plus swap limit in bytes; {@code -1} for unlimited. */
        public Builder memorySwap(long bytes) {
            return set(MEMORY_SWAP, bytes);
        }

        /**
         * Sets {@code cpu.shares}, the relative CPU weight (1024 is the kernel's default).
         *
         * @throws InvalidParameterException if {@code shares} is negative
         */
        public Builder cpuShares(long shares) {
            return set(CPU_SHARES, nonNegative(shares, "cpu shares"));
        }

        /** Sets {@code cpu.quota} in microseconds per period; {@code -1} for unlimited. */
        public Builder cpuQuota(long micros) {
            return set(CPU_QUOTA, micros);
        }

        /**
         * Sets {@code cpu.period} in microseconds.
         *
         * @throws InvalidParameterException if {@code micros} is negative
         */
        public Builder cpuPeriod(long micros) {
            return set(CPU_PERIOD, nonNegative(micros, "cpu period"));
        }

        /** Sets {@code cpu.cpus}, a cpuset list such as {@code "0-2,4"}; null removes it. */
        public Builder cpus(String cpuset) {
            return set(CPU_CPUS, cpuset);
        }

        /** Sets {@code cpu.mems}, the memory nodes as a cpuset list; null removes it. */
        public Builder cpuMems(String mems) {
            return set(CPU_MEMS, mems);
        }

        /** Sets {@code pids.limit}; {@code 0} or {@code -1} for no limit. */
        public Builder pidsLimit(long limit) {
            return set(PIDS_LIMIT, limit);
        }

        /**
         * Sets {@code unified}, cgroup v2 files to write, such as {@code memory.high}; null
         * removes it.
         *
         * @throws InvalidParameterException if a key or value is null
         */
        public Builder unified(Map<String, String> files) {
            return set(UNIFIED, files);
        }

        /** Builds the immutable resources; the builder may be used on afterwards. */
        public LinuxResources build() {
            ObjectNode copy = node.deepCopy();
            SCHEMA.validate(copy, WHERE);
            return new LinuxResources(copy);
        }

        private <T> Builder set(Field<T> field, T value) {
            field.set(node, value);
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
