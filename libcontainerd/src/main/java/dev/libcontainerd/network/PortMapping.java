package dev.libcontainerd.network;

import dev.libcontainerd.errdefs.InvalidParameterException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container port published on the host, as {@code docker run -p} takes it.
 *
 * @param hostIp the host address to publish on, or null for every address of the host
 * @param hostPort the host port, 1–65535, or 0 to have {@link Networks#attach} pick a free one
 * @param containerPort the port inside the container, 1–65535
 * @param protocol tcp or udp
 */
public record PortMapping(String hostIp, int hostPort, int containerPort, Protocol protocol) {
    // [hostIp:][hostPort:]containerPort[/proto]; an IPv6 host address in brackets.
    private static final Pattern SPEC =
            Pattern.compile("^(?:(?:(\\[[0-9A-Fa-f:.]+\\]|[0-9.]+):)?([0-9]*):)?([0-9]+)(?:/([A-Za-z]+))?$");

    /**
     * Checks ports and protocol.
     *
     * @throws InvalidParameterException if a port is out of range, the protocol is missing, or
     *     {@code hostIp} is empty or not a numeric IP address
     */
    public PortMapping {
        if (protocol == null) {
            throw new InvalidParameterException("port mapping without a protocol");
        }
        if (containerPort < 1 || containerPort > 65535) {
            throw new InvalidParameterException("container port " + containerPort + " is not in 1-65535");
        }
        if (hostPort < 0 || hostPort > 65535) {
            throw new InvalidParameterException("host port " + hostPort + " is not in 0-65535");
        }
        if (hostIp != null) {
            if (hostIp.startsWith("[") && hostIp.endsWith("]")) {
                hostIp = hostIp.substring(1, hostIp.length() - 1);
            }
            if (!IpLiterals.isIpLiteral(hostIp)) {
                throw new InvalidParameterException("host address \"" + hostIp + "\" is not a numeric IP address");
            }
        }
    }

    /** A TCP port published on every host address. */
    public static PortMapping tcp(int hostPort, int containerPort) {
        return new PortMapping(null, hostPort, containerPort, Protocol.TCP);
    }

    /**
     * Parses docker's {@code -p} form: {@code [hostIp:][hostPort:]containerPort[/tcp|/udp]},
     * such as {@code 8080:80}, {@code 127.0.0.1:8080:80/tcp}, {@code 127.0.0.1::80} (a free host
     * port), {@code [::1]:8080:80} or {@code 53/udp}. A bare container port publishes it on a
     * free host port.
     *
     * @throws InvalidParameterException if {@code spec} does not have that form, or a part is out
     *     of range
     */
    public static PortMapping parse(String spec) {
        Matcher m = spec == null ? null : SPEC.matcher(spec.trim());
        if (m == null || !m.matches()) {
            throw new InvalidParameterException("invalid port spec \"" + spec
                    + "\": use [hostIp:][hostPort:]containerPort[/tcp|/udp], such as 127.0.0.1:8080:80");
        }
        try {
            String host = m.group(2);
            return new PortMapping(
                    m.group(1),
                    host == null || host.isEmpty() ? 0 : Integer.parseInt(host),
                    Integer.parseInt(m.group(3)),
                    m.group(4) == null ? Protocol.TCP : Protocol.of(m.group(4)));
        } catch (NumberFormatException e) {
            throw new InvalidParameterException("invalid port spec \"" + spec + "\": port out of range", e);
        } catch (InvalidParameterException e) {
            throw new InvalidParameterException("invalid port spec \"" + spec + "\": " + e.getMessage(), e);
        }
    }

    /** This mapping with another host port (used once a free one was picked). */
    public PortMapping withHostPort(int port) {
        return new PortMapping(hostIp, port, containerPort, protocol);
    }

    /** The docker form, {@code 127.0.0.1:8080:80/tcp} or {@code 8080:80/tcp}. */
    @Override
    public String toString() {
        String ip = hostIp == null ? "" : (hostIp.contains(":") ? "[" + hostIp + "]" : hostIp) + ":";
        return ip + hostPort + ":" + containerPort + "/" + protocol.value();
    }
}
