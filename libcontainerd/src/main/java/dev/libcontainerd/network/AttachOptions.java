package dev.libcontainerd.network;

import dev.libcontainerd.errdefs.InvalidParameterException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What {@link Networks#attach} should give a container: its network, published ports, host name
 * and DNS settings. Immutable; built with {@link #builder()}.
 *
 * @param network the network's name; {@link Networks#DEFAULT_NETWORK} when not set
 * @param ports the ports to publish (bridge networks only); unmodifiable
 * @param hostname the container's host name, written into its {@code /etc/hosts} with its
 *     address; null for none (then the container id is used in {@code /etc/hosts})
 * @param dnsServers name servers for {@code /etc/resolv.conf}; empty to take the host's
 * @param dnsSearch search domains for {@code /etc/resolv.conf}; empty to take the host's
 * @param dnsOptions resolver options for {@code /etc/resolv.conf}; empty to take the host's
 */
public record AttachOptions(
        String network,
        List<PortMapping> ports,
        String hostname,
        List<String> dnsServers,
        List<String> dnsSearch,
        List<String> dnsOptions) {
    // RFC 1123 labels, as runc and docker accept them.
    private static final Pattern HOSTNAME = Pattern.compile(
            "^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$");
    private static final Pattern DNS_WORD = Pattern.compile("^[A-Za-z0-9._:-]+$");

    /**
     * Checks every part.
     *
     * @throws InvalidParameterException if the host name is not a valid RFC 1123 name (at most
     *     253 characters), a DNS server is not a numeric IP address, or a search domain or option
     *     contains white space or other characters resolv.conf cannot hold
     */
    public AttachOptions {
        network = network == null ? Networks.DEFAULT_NETWORK : network;
        ports = List.copyOf(nonNull(ports, "ports"));
        if (hostname != null
                && (hostname.length() > 253 || !HOSTNAME.matcher(hostname).matches())) {
            throw new InvalidParameterException("invalid host name \"" + hostname + "\"");
        }
        dnsServers = List.copyOf(nonNull(dnsServers, "dns servers"));
        for (String s : dnsServers) {
            if (!IpLiterals.isIpLiteral(s)) {
                throw new InvalidParameterException("DNS server \"" + s + "\" is not a numeric IP address");
            }
        }
        dnsSearch = words(dnsSearch, "DNS search domain");
        dnsOptions = words(dnsOptions, "DNS option");
    }

    /** Options for the default network with nothing published. */
    public static AttachOptions defaults() {
        return builder().build();
    }

    /** A builder with the default network and nothing else set. */
    public static Builder builder() {
        return new Builder();
    }

    private static <T> List<T> nonNull(List<T> list, String what) {
        if (list == null) {
            return List.of();
        }
        for (T t : list) {
            if (t == null) {
                throw new InvalidParameterException(what + " must not contain null");
            }
        }
        return list;
    }

    private static List<String> words(List<String> list, String what) {
        for (String s : nonNull(list, what + "s")) {
            if (!DNS_WORD.matcher(s).matches()) {
                throw new InvalidParameterException("invalid " + what + " \"" + s + "\"");
            }
        }
        return List.copyOf(nonNull(list, what));
    }

    /** Builds {@link AttachOptions}; not thread-safe. */
    public static final class Builder {
        private String network;
        private final List<PortMapping> ports = new ArrayList<>();
        private String hostname;
        private final List<String> dnsServers = new ArrayList<>();
        private final List<String> dnsSearch = new ArrayList<>();
        private final List<String> dnsOptions = new ArrayList<>();

        private Builder() {}

        /** The network by name: {@link Networks#DEFAULT_NETWORK}, {@code host}, {@code none} or a created one. */
        public Builder network(String network) {
            this.network = network;
            return this;
        }

        /** Publishes a port. */
        public Builder publish(PortMapping port) {
            ports.add(port);
            return this;
        }

        /** Publishes a port given in docker's form, see {@link PortMapping#parse}. */
        public Builder publish(String spec) {
            return publish(PortMapping.parse(spec));
        }

        /** The container's host name. */
        public Builder hostname(String hostname) {
            this.hostname = hostname;
            return this;
        }

        /** Adds a name server. */
        public Builder dns(String server) {
            dnsServers.add(server);
            return this;
        }

        /** Adds a search domain. */
        public Builder dnsSearch(String domain) {
            dnsSearch.add(domain);
            return this;
        }

        /** Adds a resolver option, such as {@code ndots:2}. */
        public Builder dnsOption(String option) {
            dnsOptions.add(option);
            return this;
        }

        /** The checked, immutable options. */
        public AttachOptions build() {
            return new AttachOptions(network, ports, hostname, dnsServers, dnsSearch, dnsOptions);
        }
    }
}
