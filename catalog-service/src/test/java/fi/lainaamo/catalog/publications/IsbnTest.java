package fi.lainaamo.catalog.publications;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IsbnTest {

    @Test
    void acceptsThirteenDigitsWithTheRightCheckDigit() {
        assertTrue(Isbn.isValid13("9789510396353"));
        assertTrue(Isbn.isValid13("9780306406157"));
        assertTrue(Isbn.isValid13("9791032305690"));
    }

    @Test
    void refusesAWrongCheckDigitHyphensAndOtherLengths() {
        assertFalse(Isbn.isValid13("9789510396358"));
        assertFalse(Isbn.isValid13("978-951-0-39635-3"));
        assertFalse(Isbn.isValid13("951039635X"));
        assertFalse(Isbn.isValid13("978951039635"));
        assertFalse(Isbn.isValid13("97895103963580"));
        assertFalse(Isbn.isValid13("978951039635a"));
        assertFalse(Isbn.isValid13(null));
    }
}
