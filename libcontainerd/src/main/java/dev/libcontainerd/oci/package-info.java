/**
 * The OCI runtime spec in Java: {@link dev.libcontainerd.oci.Spec} ({@code config.json}),
 * {@link dev.libcontainerd.oci.ProcessSpec} (its {@code process}) and {@link
 * dev.libcontainerd.oci.LinuxResources} (its {@code linux.resources}), with small records for
 * the entries they hold.
 *
 * <p>The three main types keep the JSON tree they were read from as their state and offer typed
 * accessors and builders over it, rather than binding the JSON to fields. That is the design's
 * point: a spec written by a user or by another tool reaches runc whole, including fields this
 * package does not model and fields of spec versions newer than it, with their exact JSON values
 * and types. Known fields are checked against the Go types of {@code runtime-spec/specs-go} when
 * a value is read or built, so a wrong type fails here, with the field's path in the message,
 * instead of in runc.
 *
 * <p>Every type here is immutable and thread-safe; builders are not thread-safe.
 */
package dev.libcontainerd.oci;
