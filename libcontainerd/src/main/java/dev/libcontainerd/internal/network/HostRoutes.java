package dev.libcontainerd.internal.network;

import dev.libcontainerd.errdefs.SystemException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The host's IPv4 routes, from {@code /proc/net/route}: what a new subnet must not overlap. */
final class HostRoutes {
    private static final Path ROUTES = Path.of("/proc/net/route");

    private HostRoutes() {}

    /** A route's device and destination. */
    record Route(String device, Subnet destination) {}

    /** Every non-default route. */
    static List<Route> read() {
        List<String> lines;
        try {
            lines = Files.readAllLines(ROUTES);
        } catch (IOException e) {
            throw new SystemException("cannot read " + ROUTES + ": " + e.getMessage(), e);
        }
        List<Route> out = new ArrayList<>();
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 8) {
                continue;
            }
            long dest = swap(Long.parseLong(f[1], 16));
            long mask = swap(Long.parseLong(f[7], 16));
            int prefix = Long.bitCount(mask);
            if (prefix == 0) {
                continue; // the default route overlaps everything and says nothing
            }
            out.add(new Route(f[0], new Subnet(dest & mask, prefix)));
        }
        return out;
    }

    // /proc/net/route prints addresses in the host's (little-endian) byte order
    private static long swap(long le) {
        return ((le & 0xff) << 24) | ((le & 0xff00) << 8) | ((le >> 8) & 0xff00) | ((le >> 24) & 0xff);
    }
}
