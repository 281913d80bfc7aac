/** Internal, not API. The gRPC channel over containerd's Unix socket, deadlines, type URLs and the mapping of gRPC status to errdefs. */
package dev.libcontainerd.internal.grpc;
