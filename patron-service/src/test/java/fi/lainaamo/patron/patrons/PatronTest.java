package fi.lainaamo.patron.patrons;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PatronTest {

    @Test
    void onlyTheLastFourCharactersOfTheCardAreShown() {
        Patron p = new Patron();
        p.cardNumber = "AB12345678";
        assertEquals("******5678", p.maskedCardNumber());
    }

    @Test
    void cardNumbersAreMatchedWithoutCaseOrSpaces() {
        assertEquals("AB12345", Patron.normalizedCard(" ab12345 "));
    }
}
