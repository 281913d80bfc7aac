package dev.libcontainerd.network;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Numeric IP address checks that never resolve a name (InetAddress.getByName would). */
final class IpLiterals {
    private static final Pattern V4 = Pattern.compile(
            "^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$");
    private static final Pattern V6 = Pattern.compile("^[0-9A-Fa-f:.]+$");

    private IpLiterals() {}

    static boolean isIpLiteral(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        if (V4.matcher(s).matches()) {
            return true;
        }
        if (!s.contains(":") || !V6.matcher(s).matches()) {
            return false;
        }
        try {
            // a literal with only hex digits, colons and dots is never looked up as a name
            InetAddress.getByName(s);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
