package fi.lainaamo.license.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.lainaamo.events.PublicationIds;
import fi.lainaamo.license.licences.Licence;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OdlFeedTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode fixture(String name) throws IOException {
        try (InputStream in = OdlFeedTest.class.getResourceAsStream("/odl/" + name)) {
            return JSON.readTree(in);
        }
    }

    @Test
    void readsEllibsFeedWithNumbersAsStringsAndLegacyLoanLength() throws IOException {
        OdlFeed.Page page = OdlFeed.read(fixture("ellibs_feed_accessibility.json"));
        assertEquals(3, page.publications().size());
        assertEquals("http://example.com/new", page.selfUrl());
        assertNull(page.nextUrl());

        OdlFeed.Publication first = page.publications().get(0);
        assertEquals(PublicationIds.fromIdentifier("urn:isbn:9789512445448"), first.publicationId());
        OdlFeed.Terms terms = first.licences().get(0).terms();
        assertEquals("urn:license:222", first.licences().get(0).identifier());
        assertEquals(1, terms.concurrency());
        assertNull(terms.checkouts());
        assertEquals(14, terms.maxLoanDays());
        assertEquals(Licence.Format.EPUB, terms.format());
        assertEquals("https://example.com/odl-test/status.php?license_id=222", terms.infoUrl());
        assertEquals(Instant.parse("2025-06-05T11:23:33Z"), terms.created());

        OdlFeed.Terms timed = page.publications().get(1).licences().get(0).terms();
        assertEquals(Instant.parse("2025-06-30T20:59:59Z"), timed.expires());
        assertEquals(1, timed.maxLoanDays());
        assertEquals(Licence.Format.AUDIOBOOK, page.publications().get(2).licences().get(0).terms().format());
    }

    @Test
    void passesOnTheMediaTypesAPublicationIsDeliveredInThoughItsMetadataCallsAnAudiobookAnEBook() throws IOException {
        OdlFeed.Page page = OdlFeed.read(fixture("ellibs_feed_accessibility.json"));
        OdlFeed.Publication audiobook = page.publications().get(2);
        assertEquals("https://schema.org/EBook", audiobook.metadata().path("@type").asText(audiobook.metadata().path("type").asText()));
        assertEquals(true, audiobook.formats().contains("application/audiobook+lcp"), audiobook.formats().toString());
        assertEquals(false, page.publications().get(0).formats().contains("application/audiobook+lcp"));
    }

    @Test
    void readsDateOnlyExpiryPriceAndSchemaOrgType() throws IOException {
        OdlFeed.Publication p = OdlFeed.read(fixture("bad_accessibility_data.json")).publications().get(0);
        assertEquals(PublicationIds.fromIdentifier("9781250895653"), p.publicationId());
        OdlFeed.Terms terms = p.licences().get(0).terms();
        assertEquals(Instant.parse("2027-01-15T22:00:00Z"), terms.expires()); // the whole 15th in Finland
        assertEquals(0, new BigDecimal("60.00").compareTo(terms.price()));
        assertEquals("USD", terms.currency());
        assertEquals(59, terms.maxLoanDays());
    }

    @Test
    void refusesLicencesItCannotReadAndSaysWhy() throws IOException {
        JsonNode feed = JSON.readTree("""
                {"publications": [
                  {"metadata": {"identifier": "urn:isbn:9789510000019"}, "licenses": [
                    {"metadata": {"identifier": "bad-concurrency", "format": "application/epub+zip", "terms": {"concurrency": "many"}}},
                    {"metadata": {"identifier": "zero", "format": "application/epub+zip", "terms": {"concurrency": "0"}}},
                    {"metadata": {"identifier": "kindle", "format": ["application/x-mobipocket-ebook"], "terms": {}}},
                    {"metadata": {"format": "application/pdf"}},
                    {"metadata": {"identifier": "unlimited-pdf", "format": "application/pdf", "terms": {"checkouts": 20.0}}}
                  ]},
                  {"metadata": {"title": "no identifier"}, "licenses": [{"metadata": {"identifier": "orphan"}}]}
                ]}""");
        List<OdlFeed.Publication> publications = OdlFeed.read(feed).publications();
        List<OdlFeed.FeedLicence> licences = publications.get(0).licences();
        assertEquals("invalid-term", licences.get(0).rejection());
        assertEquals("concurrency", licences.get(0).rejectionArg());
        assertEquals("invalid-term", licences.get(1).rejection());
        assertEquals("unsupported-format", licences.get(2).rejection());
        assertEquals("missing-identifier", licences.get(3).rejection());
        OdlFeed.Terms unlimited = licences.get(4).terms();
        assertNull(unlimited.concurrency());
        assertEquals(20, unlimited.checkouts());
        assertEquals(Licence.Format.PDF, unlimited.format());
        assertEquals("publication-without-identifier", publications.get(1).licences().get(0).rejection());
    }

    @Test
    void aDocumentWithoutPublicationsIsNotAFeed() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> OdlFeed.read(JSON.readTree("{\"title\": \"x\"}")));
        assertThrows(IllegalArgumentException.class, () -> OdlFeed.read(JSON.readTree("[]")));
    }
}
