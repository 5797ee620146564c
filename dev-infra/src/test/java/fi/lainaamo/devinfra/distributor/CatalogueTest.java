package fi.lainaamo.devinfra.distributor;

import fi.lainaamo.devinfra.distributor.Catalogue.Kind;
import fi.lainaamo.devinfra.distributor.Catalogue.Publication;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The built-in catalogue stays importable: valid ISBNs, stable licence ids, terms that move only month by month. */
class CatalogueTest {

    @Test
    void isbnsCarryTheirCheckDigit() {
        assertTrue(Catalogue.isValidIsbn13("9789527410011"));
        assertFalse(Catalogue.isValidIsbn13("9789527410012"));
        assertFalse(Catalogue.isValidIsbn13("urn:isbn:9789527410011"));
        Publication bad = new Publication("9789527410012", Kind.EBOOK, "t", "a", null, "fi", "p",
                java.time.LocalDate.of(2020, 1, 1), "d", List.of(), null, List.of());
        assertThrows(IllegalArgumentException.class, () -> Catalogue.of("bad", List.of(bad)));
    }

    @Test
    void theDemoIsTheSameWithinAMonthAndItsLicenceIdsNeverChange() {
        Catalogue early = Catalogue.demo(Clock.fixed(Instant.parse("2026-11-02T08:00:00Z"), ZoneOffset.UTC));
        Catalogue late = Catalogue.demo(Clock.fixed(Instant.parse("2026-11-29T20:00:00Z"), ZoneOffset.UTC));
        Catalogue nextMonth = Catalogue.demo(Clock.fixed(Instant.parse("2026-12-15T12:00:00Z"), ZoneOffset.UTC));

        assertEquals(early, late);
        assertEquals(licenceIds(early), licenceIds(nextMonth));
        assertEquals(6, licenceIds(early).size());
        assertEquals(1, early.publications().stream().filter(Publication::openAccess).count());
    }

    private static List<String> licenceIds(Catalogue catalogue) {
        return catalogue.publications().stream().flatMap(p -> p.licences().stream()).map(l -> l.identifier()).toList();
    }
}
