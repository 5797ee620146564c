package fi.lainaamo.platform.http;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OutboundUrlsTest {

    /** Fixed answers instead of DNS, so the test says which address a name stands for. */
    private static final Map<String, String> NAMES = Map.of(
            "partner.example", "93.184.216.34",
            "sneaky.example", "10.1.2.3",
            "metadata.example", "169.254.169.254",
            "cgnat.example", "100.70.0.1",
            "v6local.example", "fd00::1",
            "mapped.example", "::ffff:127.0.0.1",
            "localhost", "127.0.0.1");

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        String address = NAMES.get(host);
        if (address == null) {
            if (Character.isDigit(host.charAt(0)) || host.contains(":")) {
                return new InetAddress[] {InetAddress.getByName(host)}; // a literal, no lookup
            }
            throw new UnknownHostException(host);
        }
        return new InetAddress[] {InetAddress.getByName(address)};
    }

    private final OutboundUrls rule = OutboundUrls.allowing(List.of("localhost:8099"), OutboundUrlsTest::resolve);

    private Optional<OutboundUrls.Refusal> check(String url) {
        return rule.refusal(url);
    }

    @Test
    void publicHttpsIsCalled() {
        assertEquals(Optional.empty(), check("https://partner.example/hooks/lainaamo"));
        assertEquals(Optional.empty(), check("https://93.184.216.34:8443/x"));
    }

    @Test
    void plainHttpOnlyToAnAllowedLocalReceiver() {
        assertEquals(Optional.of(OutboundUrls.Refusal.NOT_HTTPS), check("http://partner.example/hooks"));
        assertEquals(Optional.empty(), check("http://localhost:8099/hooks"));
        assertEquals(Optional.of(OutboundUrls.Refusal.NOT_HTTPS), check("http://localhost:8084/v1/loans"));
    }

    @Test
    void privateRangesAreNeverCalledWhateverTheName() {
        for (String url : List.of("https://localhost:8084/", "https://sneaky.example/", "https://metadata.example/latest",
                "https://cgnat.example/", "https://v6local.example/", "https://mapped.example/", "https://[::1]/",
                "https://192.168.1.1/", "https://0.0.0.0/", "https://172.16.0.1/")) {
            assertEquals(Optional.of(OutboundUrls.Refusal.PRIVATE_ADDRESS), check(url), url);
        }
    }

    @Test
    void whatIsNotAUrlIsRefusedAsSuch() {
        for (String url : List.of("", "partner.example/hooks", "ftp://partner.example/", "https://user:pw@partner.example/",
                "https://exa mple/", "javascript:alert(1)")) {
            assertEquals(Optional.of(OutboundUrls.Refusal.NOT_A_URL), check(url), url);
        }
        assertEquals(Optional.of(OutboundUrls.Refusal.NOT_A_URL), rule.refusal(null));
        assertEquals(Optional.of(OutboundUrls.Refusal.UNKNOWN_HOST), check("https://nowhere.example/"));
    }

    @Test
    void anAllowedEntryNeedsItsPort() {
        assertThrows(IllegalArgumentException.class, () -> OutboundUrls.allowing(List.of("localhost")));
    }
}
