package dev.libcontainerd;

/**
 * containerd's version.
 *
 * @param version the release, e.g. {@code "1.6.20~ds1"}
 * @param revision the source revision it was built from
 */
public record Version(String version, String revision) {}
