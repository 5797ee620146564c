package fi.lainaamo.patron.tokens;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a sign-in came from, as the per-address limit counts it: an IPv4 address whole, an IPv6 address by its /64
 * (one subscriber usually holds a whole /64, so counting single IPv6 addresses would count nothing). Only its hash
 * is ever stored, and it never appears in a log line.
 */
public final class ClientAddress {

    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private final String counted;

    private ClientAddress(String counted) {
        this.counted = counted;
    }

    /** From an address as the connection or a trusted proxy gave it; anything that is no IP address is counted as it is. */
    public static ClientAddress of(String host) {
        return new ClientAddress(counted(host));
    }

    /** The key the limit is kept under: a SHA-256 of what is counted, so no address is stored in clear. */
    String hash() {
        return SignInFailures.sha256("lainaamo-address:" + counted);
    }

    // package-private for the unit test: what the limit counts for an address
    static String counted(String host) {
        if (host == null || host.isBlank()) {
            return "unknown";
        }
        String address = host.strip();
        if (address.startsWith("[") && address.endsWith("]")) {
            address = address.substring(1, address.length() - 1);
        }
        int zone = address.indexOf('%');
        if (zone >= 0) {
            address = address.substring(0, zone);
        }
        // only literals reach InetAddress, so no name is ever looked up
        if (IPV4.matcher(address).matches() || IPV6.matcher(address).matches()) {
            try {
                InetAddress parsed = InetAddress.getByName(address);
                if (parsed instanceof Inet6Address) {
                    byte[] prefix = Arrays.copyOf(parsed.getAddress(), 16);
                    Arrays.fill(prefix, 8, 16, (byte) 0);
                    return InetAddress.getByAddress(prefix).getHostAddress() + "/64";
                }
                return parsed.getHostAddress(); // IPv4, also an IPv4-mapped IPv6 address
            } catch (UnknownHostException notAnAddress) {
                // counted as typed below
            }
        }
        String raw = address.toLowerCase(Locale.ROOT);
        return raw.length() > 100 ? raw.substring(0, 100) : raw;
    }

    /** Keeps the address out of any log line that prints it. */
    @Override
    public String toString() {
        return "ClientAddress[***]";
    }
}
