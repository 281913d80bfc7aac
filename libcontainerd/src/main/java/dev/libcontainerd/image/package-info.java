/**
 * Images: pull from an OCI distribution registry, import and export archives, list, inspect
 * and remove images, unpack them into a snapshotter, and build a container's spec and root
 * filesystem from them. Everything goes through containerd's own content, images, leases,
 * snapshots and diff services, so what this package pulls is what {@code ctr images ls} shows
 * and containerd's garbage collector manages. Start at {@link dev.libcontainerd.image.Images}.
 */
package dev.libcontainerd.image;
