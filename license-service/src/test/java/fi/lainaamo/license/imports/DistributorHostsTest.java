package fi.lainaamo.license.imports;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The allow-list is host and port: an allowed host's other ports (internal services) stay out of reach. */
class DistributorHostsTest {

    @Test
    void anEntryWithAPortAllowsThatPortOnly() {
        DistributorHosts hosts = DistributorHosts.of(List.of("localhost:8085", " 127.0.0.1:8085 "));
        assertTrue(hosts.allows(URI.create("http://localhost:8085/feed")));
        assertTrue(hosts.allows(URI.create("http://LOCALHOST:8085/feed")));
        assertTrue(hosts.allows(URI.create("http://127.0.0.1:8085/feed")));
        assertFalse(hosts.allows(URI.create("http://localhost:8084/v1/loans")), "loan-service on the same host");
        assertFalse(hosts.allows(URI.create("http://localhost/feed")), "port 80 is not 8085");
        assertFalse(hosts.allows(URI.create("https://localhost:8085.evil.example/feed")));
    }

    @Test
    void aBareHostMeansTheDefaultPortOfTheUrlsScheme() {
        DistributorHosts hosts = DistributorHosts.of(List.of("odl.ellibs.com"));
        assertTrue(hosts.allows(URI.create("https://odl.ellibs.com/feed.json")));
        assertTrue(hosts.allows(URI.create("https://odl.ellibs.com:443/feed.json")));
        assertTrue(hosts.allows(URI.create("http://odl.ellibs.com/feed.json")));
        assertFalse(hosts.allows(URI.create("https://odl.ellibs.com:8443/feed.json")));
        assertFalse(hosts.allows(URI.create("http://odl.ellibs.com:443/feed.json")), "443 is https's port, not http's");
        assertFalse(hosts.allows(URI.create("ftp://odl.ellibs.com/feed.json")));
        assertFalse(hosts.allows(URI.create("file:///etc/passwd")));
    }

    @Test
    void anEntryWithASchemeMeansThatSchemesPortAndIpv6LiteralsWork() {
        DistributorHosts hosts = DistributorHosts.of(List.of("https://feeds.example.org", "[::1]:9000", ""));
        assertTrue(hosts.allows(URI.create("https://feeds.example.org/odl")));
        assertFalse(hosts.allows(URI.create("http://feeds.example.org/odl")), "https://host is port 443");
        assertTrue(hosts.allows(URI.create("http://[::1]:9000/odl")));
        assertFalse(hosts.allows(URI.create("http://[::1]:9001/odl")));
    }

    @Test
    void nothingIsAllowedWhenTheListIsEmptyAndABadEntryIsNamed() {
        assertFalse(DistributorHosts.of(List.of()).allows(URI.create("https://odl.ellibs.com/feed")));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> DistributorHosts.of(List.of("localhost:port")));
        assertTrue(bad.getMessage().contains("localhost:port"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DistributorHosts.of(List.of("odl.example.com/feeds")));
    }

    @Test
    void refusalsNameHostAndPort() {
        assertEquals("localhost:8084", DistributorHosts.hostAndPort(URI.create("http://localhost:8084/v1/loans")));
        assertEquals("odl.ellibs.com:443", DistributorHosts.hostAndPort(URI.create("https://ODL.ellibs.com/feed")));
    }
}
