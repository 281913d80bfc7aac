/**
 * Run and manage Linux containers through containerd, with the semantics of Docker's
 * {@code libcontainerd}.
 *
 * <p>Start with {@link dev.libcontainerd.Containerd#connect} (one per daemon) and {@link
 * dev.libcontainerd.Client#create} (one per namespace); events reach your {@link
 * dev.libcontainerd.Backend}. Specs are in {@code dev.libcontainerd.oci}, failures in {@code
 * dev.libcontainerd.errdefs}, and a private containerd can be run with {@code
 * dev.libcontainerd.supervisor}. Everything under {@code dev.libcontainerd.internal} is not API.
 */
package dev.libcontainerd;
