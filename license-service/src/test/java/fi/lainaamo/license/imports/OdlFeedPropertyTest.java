package fi.lainaamo.license.imports;

import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Distributors write numbers as numbers or as strings: both must give the same terms. */
class OdlFeedPropertyTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Property(tries = 200)
    void numbersAsStringsReadLikeNumbers(@ForAll @IntRange(min = 1, max = 10_000) int concurrency,
                                         @ForAll @IntRange(min = 1, max = 100_000) int checkouts,
                                         @ForAll @IntRange(min = 1, max = 31_536_000) int lengthSeconds) throws Exception {
        OdlFeed.Terms asNumbers = terms("""
                {"concurrency": %d, "checkouts": %d, "length": %d}""".formatted(concurrency, checkouts, lengthSeconds));
        OdlFeed.Terms asStrings = terms("""
                {"concurrency": "%d", "checkouts": "%d", "max_checkout_length": "%d"}""".formatted(concurrency, checkouts, lengthSeconds));
        assertEquals(asNumbers, asStrings);
        assertEquals(concurrency, asStrings.concurrency());
        assertEquals(checkouts, asStrings.checkouts());
        assertEquals(Math.min(366, (lengthSeconds + 86_399) / 86_400), asStrings.maxLoanDays());
    }

    private static OdlFeed.Terms terms(String terms) throws Exception {
        return OdlFeed.licence(JSON.readTree("""
                {"metadata": {"identifier": "l", "format": "application/epub+zip", "terms": %s}}""".formatted(terms))).terms();
    }
}
