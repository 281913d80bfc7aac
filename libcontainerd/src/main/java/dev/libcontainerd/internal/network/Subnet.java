package dev.libcontainerd.internal.network;

import dev.libcontainerd.errdefs.InvalidParameterException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An IPv4 subnet: a network address and a prefix length. */
record Subnet(long address, int prefix) {
    private static final Pattern CIDR =
            Pattern.compile("^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})$");

    /**
     * Parses {@code a.b.c.d/n} with n in 8–28 and the host bits zero.
     *
     * @throws InvalidParameterException otherwise
     */
    static Subnet parse(String cidr) {
        Matcher m = cidr == null ? null : CIDR.matcher(cidr);
        if (m == null || !m.matches()) {
            throw new InvalidParameterException("invalid subnet \"" + cidr + "\": use IPv4 CIDR such as 10.210.0.0/16");
        }
        long a = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(m.group(i));
            if (octet > 255) {
                throw new InvalidParameterException("invalid subnet \"" + cidr + "\": " + octet + " is not an octet");
            }
            a = (a << 8) | octet;
        }
        int prefix = Integer.parseInt(m.group(5));
        if (prefix < 8 || prefix > 28) {
            throw new InvalidParameterException("invalid subnet \"" + cidr + "\": the prefix length must be 8-28");
        }
        Subnet s = new Subnet(a, prefix);
        if ((a & ~s.mask() & 0xffffffffL) != 0) {
            throw new InvalidParameterException("invalid subnet \"" + cidr + "\": host bits are set (did you mean "
                    + new Subnet(a & s.mask(), prefix) + "?)");
        }
        return s;
    }

    long mask() {
        return prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
    }

    /** Whether the two share any address. */
    boolean overlaps(Subnet other) {
        long common = Math.min(prefix, other.prefix) == 0
                ? 0
                : (0xffffffffL << (32 - Math.min(prefix, other.prefix))) & 0xffffffffL;
        return (address & common) == (other.address & common);
    }

    /** The first host address, which the bridge takes as gateway. */
    String gateway() {
        return dotted(address + 1);
    }

    static String dotted(long a) {
        return ((a >> 24) & 255) + "." + ((a >> 16) & 255) + "." + ((a >> 8) & 255) + "." + (a & 255);
    }

    @Override
    public String toString() {
        return dotted(address) + "/" + prefix;
    }
}
