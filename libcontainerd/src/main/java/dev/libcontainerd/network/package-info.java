/**
 * Container networking through CNI, beside {@link dev.libcontainerd.Client}: networks (a CNI
 * bridge with host-local IPAM, port mapping and NAT), and per-container attachments (a network
 * namespace file, addresses, published ports, {@code /etc/resolv.conf} and {@code /etc/hosts})
 * that a caller puts into a container's {@link dev.libcontainerd.oci.Spec} before {@code create}.
 *
 * <p>Start with {@link dev.libcontainerd.network.Networks#open}. Errors are the unchecked
 * exceptions of {@link dev.libcontainerd.errdefs}.
 */
package dev.libcontainerd.network;
