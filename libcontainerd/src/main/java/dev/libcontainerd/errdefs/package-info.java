/**
 * The failure hierarchy: every error the library raises is a {@link
 * dev.libcontainerd.errdefs.ContainerdException}, and one of its subclasses names the class of the
 * error as containerd's {@code errdefs} package does.
 */
package dev.libcontainerd.errdefs;
