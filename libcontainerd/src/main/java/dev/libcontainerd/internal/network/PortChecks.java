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
import java.util.ArrayList;
import java.util.List;

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
            PortMapping r = p.hostPort() == 0 ? p.withHostPort(freePort(p)) : p;
            for (PortMapping t : seen) {
                if (clash(r, t)) {
                    throw new ConflictException("host port " + r + " is already published as " + t);
                }
            }
            probe(r);
            seen.add(r);
            out.add(r);
        }
        return out;
    }

    static boolean clash(PortMapping a, PortMapping b) {
        return a.protocol() == b.protocol() && a.hostPort() == b.hostPort()
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

    private static int freePort(PortMapping p) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(address(p, 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new InvalidParameterException("cannot publish " + p + ": " + e.getMessage(), e);
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
                throw new InvalidParameterException("cannot publish " + p + ": " + a.getAddress().getHostAddress()
                        + " is not an address of this host", e);
            }
            throw new ConflictException("host port " + p + " is in use on this host: " + m, e);
        } catch (IOException e) {
            throw new ConflictException("host port " + p + " cannot be bound: " + e.getMessage(), e);
        }
    }
}
