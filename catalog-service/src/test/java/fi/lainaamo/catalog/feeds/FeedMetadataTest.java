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

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> publications(String fixture) throws Exception {
        Map<String, Object> feed = new ObjectMapper().readValue(FeedMetadataTest.class.getResourceAsStream("/fixtures/odl/" + fixture),
                new TypeReference<>() { });
        return (List<Map<String, Object>>) feed.get("publications");
    }

    /** What license-service passes on beside the metadata: each licence's format and each link's type. */
    @SuppressWarnings("unchecked")
    static List<String> formats(Map<String, Object> publication) {
        List<String> formats = new java.util.ArrayList<>();
        for (Map<String, Object> licence : (List<Map<String, Object>>) publication.getOrDefault("licenses", List.of())) {
            Object format = ((Map<String, Object>) licence.get("metadata")).get("format");
            if (format instanceof List<?> many) {
                many.forEach(f -> formats.add(String.valueOf(f)));
            } else if (format != null) {
                formats.add(String.valueOf(format));
            }
        }
        for (Map<String, Object> link : (List<Map<String, Object>>) publication.getOrDefault("links", List.of())) {
            if (link.get("type") != null && String.valueOf(link.get("rel")).contains("acquisition")) {
                formats.add(String.valueOf(link.get("type")));
            }
        }
        return formats;
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRealEllibsAudiobookIsAnAudiobookWithItsDurationThoughItsMetadataSaysEBook() throws Exception {
        Map<String, Object> publication = publications("ellibs_feed_accessibility.json").get(2);
        Map<String, Object> metadata = (Map<String, Object>) publication.get("metadata");
        assertEquals("https://schema.org/EBook", metadata.get("type")); // what the feed says
        PublicationDetails d = FeedMetadata.read(metadata, null, formats(publication));
        assertEquals("AUDIOBOOK", d.format()); // what its licence (application/audiobook+lcp) delivers
        assertEquals(635, d.durationSeconds());
        assertNull(d.pages());
        assertEquals("CHILDREN", d.audience());
        // the author who also narrates is one contributor with both roles; the feed's generic contributors are "other"
        assertEquals("Maaret Kallio", d.contributors().get(0).name());
        assertEquals(List.of("author", "narrator"), d.contributors().get(0).roles());
        assertEquals(List.of("other"), d.contributors().get(1).roles());
        // the e-books of the same feed stay e-books
        for (Map<String, Object> ebook : publications("ellibs_feed_accessibility.json").subList(0, 2)) {
            assertEquals("EBOOK", FeedMetadata.read((Map<String, Object>) ebook.get("metadata"), null, formats(ebook)).format());
        }
        assertEquals("EBOOK", FeedMetadata.read(firstMetadata("ellibs_feed_single_publication.json"), null,
                formats(publications("ellibs_feed_single_publication.json").get(0))).format());
    }

    @Test
    void theAudienceSchemeIsReadWhateverItsCase() throws Exception {
        // http://schema.org/Audience with a capital A, as a real feed writes it
        PublicationDetails d = FeedMetadata.read(firstMetadata("bad_accessibility_data.json"), null);
        assertEquals("ADULT", d.audience());
        assertTrue(d.subjects().stream().noneMatch(s -> "Adult".equals(s.name())));
        assertEquals("CHILDREN", FeedMetadata.read(Map.of("title", "Satu", "subject",
                List.of(Map.of("scheme", "HTTPS://SCHEMA.ORG/AUDIENCE", "name", "Children"))), "urn:x").audience());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSimulatorsAudiobookIsAnAudiobookWithItsDuration() throws Exception {
        try (var simulator = fi.lainaamo.devinfra.distributor.DistributorSimulator.start(0,
                fi.lainaamo.devinfra.distributor.Catalogue.demo())) {
            String body = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(simulator.feedUrl())).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            List<Map<String, Object>> publications = (List<Map<String, Object>>) new ObjectMapper()
                    .readValue(body, new TypeReference<Map<String, Object>>() { }).get("publications");
            int audiobooks = 0;
            for (Map<String, Object> publication : publications) {
                Map<String, Object> metadata = (Map<String, Object>) publication.get("metadata");
                boolean audiobook = "http://schema.org/Audiobook".equals(metadata.get("@type"));
                // with what license-service passes on, and from the metadata alone
                for (List<String> formats : java.util.Arrays.asList(formats(publication), null)) {
                    PublicationDetails d = FeedMetadata.read(metadata, null, formats);
                    assertEquals(audiobook ? "AUDIOBOOK" : "EBOOK", d.format(), d.title());
                    if (audiobook) {
                        assertEquals(((Number) metadata.get("duration")).intValue(), d.durationSeconds());
                        assertTrue(d.durationSeconds() > 0);
                    }
                }
                audiobooks += audiobook ? 1 : 0;
            }
            assertTrue(audiobooks > 0, "the simulator sells an audiobook");
        }
    }

    @Test
    void placeholderContributorsAreLeftOutOfAFeedToo() {
        PublicationDetails d = FeedMetadata.read(Map.of("title", "Antologia", "author", List.of("Useita", Map.of("name", "Various authors"),
                Map.of("name", "Tove Jansson"))), "urn:x");
        assertEquals(List.of("Tove Jansson"), d.contributors().stream().map(c -> c.name()).toList());
    }

    @Test
    void aPublicationWithoutATitleIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> FeedMetadata.read(Map.of("identifier", "urn:isbn:9789510000019"), null));
    }
}
