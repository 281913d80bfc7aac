package dev.libcontainerd.internal.network;

import dev.libcontainerd.errdefs.ConflictException;
import dev.libcontainerd.errdefs.InvalidParameterException;
import dev.libcontainerd.network.PortMapping;
import dev.libcontainerd.network.Protocol;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Host port checks before a port is published. portmap only writes DNAT rules and would
 * silently shadow a host socket on the same port, so, as docker's proxy does by binding, a
 * port is refused when a socket of this host holds it or another attachment publishes it.
 */
final class PortChecks {
    private PortChecks() {}

    /**
     * The mappings with a free host port picked for those asked as 0.
     *
     * @param taken the ports other attachments publish
     */
    static List<PortMapping> resolve(List<PortMapping> asked, List<PortMapping> taken) {
        List<PortMapping> out = new ArrayList<>();
        List<PortMapping> seen = new ArrayList<>(taken);
        for (PortMapping p : asked) {
            PortMapping r = p.hostPort() == 0 ? freePort(p, seen) : p;
            if (p.hostPort() != 0) {
                for (PortMapping t : seen) {
                    if (clash(r, t)) {
                        throw new ConflictException("host port " + r + " is already published as " + t);
                    }
                }
                probe(r);
            }
            seen.add(r);
            out.add(r);
        }
        return out;
    }

    /**
     * A port of the kernel's ephemeral range that neither a host socket nor another attachment
     * holds. Binding port 0 is not enough: a port published through DNAT has no socket, so the
     * kernel would hand it out again.
     */
    private static PortMapping freePort(PortMapping p, List<PortMapping> seen) {
        int[] range = ephemeralRange();
        int size = range[1] - range[0] + 1;
        int start = ThreadLocalRandom.current().nextInt(size);
        ConflictException last = null;
        for (int i = 0; i < size; i++) {
            PortMapping candidate = p.withHostPort(range[0] + (start + i) % size);
            if (seen.stream().anyMatch(t -> clash(candidate, t))) {
                continue;
            }
            try {
                probe(candidate);
                return candidate;
            } catch (ConflictException e) {
                last = e;
            }
        }
        throw new ConflictException("no free host port for " + p, last);
    }

    private static int[] ephemeralRange() {
        try {
            String[] f = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                    .trim()
                    .split("\\s+");
            return new int[] {Integer.parseInt(f[0]), Integer.parseInt(f[1])};
        } catch (IOException | RuntimeException e) {
            return new int[] {32768, 60999};
        }
    }

    static boolean clash(PortMapping a, PortMapping b) {
        return a.protocol() == b.protocol()
                && a.hostPort() == b.hostPort()
                && (a.hostIp() == null || b.hostIp() == null || a.hostIp().equals(b.hostIp()));
    }

    private static InetSocketAddress address(PortMapping p, int port) {
        try {
            // hostIp is a checked numeric literal: this never asks a resolver
            InetAddress ip = p.hostIp() == null ? InetAddress.getByName("0.0.0.0") : InetAddress.getByName(p.hostIp());
            return new InetSocketAddress(ip, port);
        } catch (IOException e) {
            throw new InvalidParameterException("invalid host address in " + p, e);
        }
    }

    /** Binds the port for a moment: in use → conflict; not this host's address → invalid. */
    private static void probe(PortMapping p) {
        InetSocketAddress a = address(p, p.hostPort());
        try {
            if (p.protocol() == Protocol.TCP) {
                try (ServerSocket s = new ServerSocket()) {
                    s.setReuseAddress(true); // a TIME_WAIT leftover does not make a port busy
                    s.bind(a);
                }
            } else {
                try (DatagramSocket s = new DatagramSocket(null)) {
                    s.bind(a);
                }
            }
        } catch (BindException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("assign")) {
                throw new InvalidParameterException(
                        "cannot publish " + p + ": " + a.getAddress().getHostAddress()
                                + " is not an address of this host",
                        e);
            }
            throw new ConflictException("host port " + p + " is in use on this host: " + m, e);
        } catch (IOException e) {
            throw new ConflictException("host port " + p + " cannot be bound: " + e.getMessage(), e);
        }
    }
}
