package fi.lainaamo.license.imports;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The distributor allow-list: which host <em>and port</em> license-service may call. A host alone once allowed every
 * port on it, so a feed URL on {@code localhost:8084} reached loan-service (issue 13). An entry is {@code host:port},
 * or {@code host} for the default port of the URL's scheme (443 for https, 80 for http); IPv6 literals are written in
 * brackets ({@code [::1]:8443}); {@code https://host} means port 443. Plain Java, so the rule is unit-tested.
 */
public final class DistributorHosts {

    /** One allowed host and port; {@code port} null means the default port of the URL's scheme. */
    record Entry(String host, Integer port) {
    }

    private final List<Entry> entries;

    private DistributorHosts(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Reads the configured entries; throws IllegalArgumentException naming an entry that is not {@code host[:port]}. */
    public static DistributorHosts of(List<String> configured) {
        List<Entry> entries = new ArrayList<>();
        for (String raw : configured) {
            String entry = raw == null ? "" : raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            URI parsed;
            try {
                parsed = URI.create(entry.contains("://") ? entry : "//" + entry);
            } catch (IllegalArgumentException malformed) {
                throw notAnEntry(entry);
            }
            boolean onlyAuthority = (parsed.getPath() == null || parsed.getPath().isEmpty() || parsed.getPath().equals("/"))
                    && parsed.getQuery() == null && parsed.getFragment() == null && parsed.getUserInfo() == null;
            if (parsed.getHost() == null || !onlyAuthority) {
                throw notAnEntry(entry);
            }
            Integer port = parsed.getPort() != -1 ? Integer.valueOf(parsed.getPort())
                    : parsed.getScheme() != null && defaultPort(parsed) > 0 ? Integer.valueOf(defaultPort(parsed)) : null;
            entries.add(new Entry(parsed.getHost().toLowerCase(Locale.ROOT), port));
        }
        return new DistributorHosts(entries);
    }

    private static IllegalArgumentException notAnEntry(String entry) {
        return new IllegalArgumentException("lainaamo.distributors.allowed-hosts: '" + entry
                + "' is not host or host:port (e.g. odl.example.com or odl.example.com:8443)");
    }

    /** Whether an http(s) URL's host and port are allowed. */
    public boolean allows(URI uri) {
        if (uri == null || uri.getHost() == null || defaultPort(uri) < 0) {
            return false;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        int port = port(uri);
        return entries.stream().anyMatch(e -> e.host().equals(host)
                && (e.port() == null ? port == defaultPort(uri) : e.port() == port));
    }

    /** {@code host:port} of a URL, the port made explicit, for messages that say what was refused. */
    public static String hostAndPort(URI uri) {
        if (uri == null || uri.getHost() == null) {
            return String.valueOf(uri);
        }
        int port = port(uri);
        return uri.getHost().toLowerCase(Locale.ROOT) + (port < 0 ? "" : ":" + port);
    }

    /** The entries as {@code host:port} (default ports shown as the bare host), for the startup log. */
    @Override
    public String toString() {
        return entries.stream().map(e -> e.port() == null ? e.host() : e.host() + ":" + e.port()).toList().toString();
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : defaultPort(uri);
    }

    private static int defaultPort(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "https" -> 443;
            case "http" -> 80;
            default -> -1;
        };
    }
}
