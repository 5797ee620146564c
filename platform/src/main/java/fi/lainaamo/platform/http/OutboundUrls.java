package fi.lainaamo.platform.http;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a service may send what a partner or an app registered: a webhook endpoint, a push service's URL. Such a URL
 * comes from outside, so without a check it could make a service call its own network (SSRF): loan-service on
 * localhost, PostgreSQL, a cloud metadata address. The rule: https only; never to a loopback, private, link-local,
 * shared (CGNAT), unique-local or multicast address, whatever name resolves to it; except the {@code host:port}
 * entries configured as allowed (local receivers in development and tests), which may also use http. Checked when the
 * URL is registered and again before every send, since a name can resolve elsewhere later. Plain Java, unit-tested.
 */
public final class OutboundUrls {

    /** Why a URL is refused; the code is stable (it is a problem+json violation code). */
    public enum Refusal {
        /** Not an absolute http(s) URL with a host, or carries user info. */
        NOT_A_URL("invalid-url"),
        /** http to a host that is not allowed for it. */
        NOT_HTTPS("https-required"),
        /** The name does not resolve. */
        UNKNOWN_HOST("unknown-host"),
        /** The name resolves to an address in a range that is never called. */
        PRIVATE_ADDRESS("private-address");

        public final String code;

        Refusal(String code) {
            this.code = code;
        }
    }

    /** Resolves a host name to all its addresses; a seam so tests can give fixed answers without DNS. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private record Entry(String host, int port) {
    }

    private final List<Entry> allowed;
    private final Resolver resolver;

    private OutboundUrls(List<Entry> allowed, Resolver resolver) {
        this.allowed = List.copyOf(allowed);
        this.resolver = resolver;
    }

    /**
     * The rule with its allowed {@code host:port} entries (e.g. {@code localhost:8099}); an entry without a port is
     * refused, since a host alone would open every service on it.
     */
    public static OutboundUrls allowing(List<String> hostPorts) {
        return allowing(hostPorts, InetAddress::getAllByName);
    }

    public static OutboundUrls allowing(List<String> hostPorts, Resolver resolver) {
        List<Entry> entries = new ArrayList<>();
        for (String raw : hostPorts == null ? List.<String>of() : hostPorts) {
            String entry = raw == null ? "" : raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            URI parsed = URI.create("//" + entry);
            if (parsed.getHost() == null || parsed.getPort() < 0) {
                throw new IllegalArgumentException("allowed outbound host '" + entry + "' is not host:port");
            }
            entries.add(new Entry(parsed.getHost().toLowerCase(Locale.ROOT), parsed.getPort()));
        }
        return new OutboundUrls(entries, resolver);
    }

    /** Why {@code url} may not be called, or empty when it may. */
    public Optional<Refusal> refusal(String url) {
        URI uri;
        try {
            uri = url == null ? null : new URI(url);
        } catch (Exception malformed) {
            return Optional.of(Refusal.NOT_A_URL);
        }
        if (uri == null || !uri.isAbsolute() || uri.getHost() == null || uri.getUserInfo() != null || uri.getScheme() == null) {
            return Optional.of(Refusal.NOT_A_URL);
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return Optional.of(Refusal.NOT_A_URL);
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        if (allowed.contains(new Entry(host, port))) {
            return Optional.empty();
        }
        if (!scheme.equals("https")) {
            return Optional.of(Refusal.NOT_HTTPS);
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException unknown) {
            return Optional.of(Refusal.UNKNOWN_HOST);
        }
        for (InetAddress address : addresses) {
            if (neverCalled(address)) {
                return Optional.of(Refusal.PRIVATE_ADDRESS);
            }
        }
        return Optional.empty();
    }

    /** Loopback, unspecified, private, link-local, CGNAT, benchmarking, unique-local, multicast and mapped forms. */
    static boolean neverCalled(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 // "this network"
                    || (first == 100 && second >= 64 && second < 128) // shared address space (CGNAT)
                    || (first == 198 && (second == 18 || second == 19)) // benchmarking
                    || first >= 240; // reserved, broadcast
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) { // unique local fc00::/7
                return true;
            }
            boolean mapped = true; // ::ffff:a.b.c.d carries an IPv4 address
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return neverCalled(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException impossible) {
                    return true;
                }
            }
        }
        return false;
    }
}
