package fi.lainaamo.patron.patrons;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PinsTest {

    @Test
    void aPinMatchesItsOwnHashOnly() {
        String hash = Pins.hash("1234", 4);
        assertTrue(hash.startsWith("$2b$04$"));
        assertTrue(Pins.matches(hash, "1234"));
        assertFalse(Pins.matches(hash, "1235"));
        assertFalse(Pins.matches(hash, ""));
    }

    @Test
    void theSamePinHashesDifferentlyEachTime() {
        assertNotEquals(Pins.hash("1234", 4), Pins.hash("1234", 4));
    }

    @Test
    void aMalformedHashNeverMatches() {
        assertFalse(Pins.matches("not-a-hash", "1234"));
        assertFalse(Pins.matches(null, "1234"));
        assertFalse(Pins.matches(Pins.hash("1234", 4), null));
    }
}
