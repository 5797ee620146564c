package fi.lainaamo.catalog.feeds;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.lainaamo.catalog.publications.PublicationDetails;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeedMetadataTest {

    static Map<String, Object> firstMetadata(String fixture) throws Exception {
        Map<String, Object> feed = new ObjectMapper().readValue(FeedMetadataTest.class.getResourceAsStream("/fixtures/odl/" + fixture),
                new TypeReference<>() { });
        @SuppressWarnings("unchecked")
        Map<String, Object> publication = ((List<Map<String, Object>>) feed.get("publications")).get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) publication.get("metadata");
        return metadata;
    }

    @Test
    void aRealEllibsPublicationBecomesAFinnishEbookWithItsContributorsSubjectsAndAccessibility() throws Exception {
        PublicationDetails d = FeedMetadata.read(firstMetadata("ellibs_feed_single_publication.json"), null);
        assertEquals("Maahan kätketty", d.title());
        assertEquals("EBOOK", d.format());
        assertEquals("fin", d.language());
        assertEquals("9789512445448", d.isbn());
        assertEquals(LocalDate.of(2025, 1, 1), d.published());
        assertEquals("Gummerus", d.publisher());
        assertEquals("ADULT", d.audience());
        assertEquals(List.of("author", "translator"), d.contributors().stream().map(c -> c.role()).toList());
        assertEquals("John Ajvide Lindqvist", d.contributors().get(0).name());
        assertEquals("bisac", d.subjects().get(0).scheme());
        assertTrue(d.accessibility().features().contains("ARIA"));
        assertEquals(List.of("none"), d.accessibility().hazards());
    }

    @Test
    void accessibilityValuesOutsideTheVocabularyAreDroppedAndTheRestKept() throws Exception {
        PublicationDetails d = FeedMetadata.read(firstMetadata("bad_accessibility_data.json"), null);
        assertEquals("Don't Let the Forest In", d.title());
        assertEquals("eng", d.language());
        assertEquals("9781250895653", d.isbn()); // urn:ISBN: in capitals
        assertEquals(LocalDate.of(2024, 10, 29), d.published());
        assertEquals(List.of(), d.accessibility().features());
        assertFalse(d.description().contains("<p>"));
    }

    @Test
    void stringNumbersHttpsSchemaOrgTypesAndLanguageMapsAreAccepted() {
        Map<String, Object> m = Map.of("@type", "https://schema.org/Audiobook", "title", Map.of("fi", "Kalevala"),
                "identifier", "urn:uuid:1234", "language", List.of("fi", "sv"), "duration", "3600",
                "belongsTo", Map.of("series", List.of(Map.of("name", "Kansalliseepokset", "position", "2"))),
                "narrator", "Lukija Lauri", "subject", List.of("kansanrunous"));
        PublicationDetails d = FeedMetadata.read(m, "urn:uuid:1234");
        assertEquals("AUDIOBOOK", d.format());
        assertEquals("Kalevala", d.title());
        assertNull(d.isbn());
        assertEquals("urn:uuid:1234", d.identifiers().get(0).value());
        assertEquals(List.of("swe"), d.languages());
        assertEquals(3600, d.durationSeconds());
        assertEquals("Kansalliseepokset", d.series().name());
        assertEquals(2, d.series().position().intValue());
        assertEquals("narrator", d.contributors().get(0).role());
        assertEquals("keyword", d.subjects().get(0).scheme());
    }

    @Test
    void aPublicationWithoutATitleIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> FeedMetadata.read(Map.of("identifier", "urn:isbn:9789510000019"), null));
    }
}
