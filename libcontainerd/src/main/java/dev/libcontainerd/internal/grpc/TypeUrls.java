package dev.libcontainerd.internal.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import java.nio.charset.StandardCharsets;

/**
 * containerd's {@code Any} conventions. containerd writes bare type URLs
 * ({@code containerd.events.TaskExit}), which protobuf-java's {@code Any.is/unpack} reject, so
 * messages are packed with their bare full name and decoded by the name after the last '/'.
 */
public final class TypeUrls {
    /** OCI runtime spec, as JSON. */
    public static final String SPEC = "types.containerd.io/opencontainers/runtime-spec/1/Spec";
    /** OCI process spec (exec), as JSON. */
    public static final String PROCESS = "types.containerd.io/opencontainers/runtime-spec/1/Process";
    /** OCI Linux resources (update), as JSON. */
    public static final String LINUX_RESOURCES = "types.containerd.io/opencontainers/runtime-spec/1/LinuxResources";

    private TypeUrls() {}

    /** Packs a protobuf message under its bare full name, as containerd expects. */
    public static Any pack(Message m) {
        return Any.newBuilder()
                .setTypeUrl(m.getDescriptorForType().getFullName())
                .setValue(m.toByteString())
                .build();
    }

    /** Packs JSON bytes under one of the OCI type URLs above. */
    public static Any json(String typeUrl, String json) {
        return Any.newBuilder()
                .setTypeUrl(typeUrl)
                .setValue(ByteString.copyFrom(json, StandardCharsets.UTF_8))
                .build();
    }

    /** The message name of an {@code Any}: what follows the last '/' of its type URL. */
    public static String name(Any any) {
        String url = any.getTypeUrl();
        return url.substring(url.lastIndexOf('/') + 1);
    }
}
