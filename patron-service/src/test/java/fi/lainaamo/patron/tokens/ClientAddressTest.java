package fi.lainaamo.patron.tokens;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class ClientAddressTest {

    @Test
    void anIpv4AddressIsCountedWhole() {
        assertEquals("192.0.2.10", ClientAddress.counted("192.0.2.10"));
        assertEquals("192.0.2.10", ClientAddress.counted("::ffff:192.0.2.10"));
        assertNotEquals(ClientAddress.of("192.0.2.10").hash(), ClientAddress.of("192.0.2.11").hash());
    }

    @Test
    void anIpv6AddressIsCountedByItsSlash64() {
        assertEquals("2001:db8:1:2:0:0:0:0/64", ClientAddress.counted("2001:db8:1:2::1"));
        assertEquals("2001:db8:1:2:0:0:0:0/64", ClientAddress.counted("[2001:db8:1:2:ffff::5]"));
        assertEquals("2001:db8:1:2:0:0:0:0/64", ClientAddress.counted("2001:db8:1:2::9%eth0"));
        assertNotEquals(ClientAddress.counted("2001:db8:1:2::1"), ClientAddress.counted("2001:db8:1:3::1"));
    }

    @Test
    void whatIsNoAddressIsCountedAsGivenWithoutLookingItUp() {
        assertEquals("localhost", ClientAddress.counted("localhost"));
        assertEquals("unknown", ClientAddress.counted(" "));
        assertEquals("unknown", ClientAddress.counted(null));
        assertEquals("1.2.3.999", ClientAddress.counted("1.2.3.999"));
    }

    @Test
    void theAddressIsNeitherStoredNorPrintedInClear() {
        ClientAddress address = ClientAddress.of("192.0.2.10");
        assertFalse(address.hash().contains("192.0.2.10"));
        assertFalse(address.toString().contains("192"));
    }
}
