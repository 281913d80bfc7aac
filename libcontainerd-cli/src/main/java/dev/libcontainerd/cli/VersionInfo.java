package dev.libcontainerd.cli;

import picocli.CommandLine.IVersionProvider;

/** The tool's own version, from the jar's manifest when there is one. */
public final class VersionInfo implements IVersionProvider {
    /** The version of this build, or "dev" when run from classes. */
    public static String version() {
        String v = VersionInfo.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"lcd " + version()};
    }
}
