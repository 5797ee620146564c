package fi.lainaamo.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every event type has a JSON Schema, and the payload records serialize to JSON that the schema accepts. */
class EventSchemasTest {

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);

    static final UUID ID = UUID.randomUUID();
    static final Instant NOW = Instant.now();

    static final Map<String, Object> EXAMPLES = Map.ofEntries(
            Map.entry(EventTypes.PUBLICATION_UPSERTED, new PublicationUpserted(ID, "Seitsemän veljestä", "EBOOK", "fin")),
            Map.entry(EventTypes.PUBLICATION_WITHDRAWN, new PublicationWithdrawn(ID, "publisher-request", NOW)),
            Map.entry(EventTypes.PUBLICATION_REINSTATED, new PublicationReinstated(ID, NOW)),
            Map.entry(EventTypes.LICENCE_ADDED, new LicenceAdded(ID, ID, 1, null, null, 21, new java.math.BigDecimal("24.90"), "EUR", "ellibs", NOW)),
            Map.entry(EventTypes.LICENCE_UPDATED, new LicenceUpdated(ID, ID, "unavailable", 1, null, NOW, 50, new java.math.BigDecimal("120"), "EUR", "ellibs")),
            Map.entry(EventTypes.LICENCE_CONSUMED, new LicenceConsumed(ID, ID, ID, "091", 9, NOW)),
            Map.entry(EventTypes.LICENCE_RELEASED, new LicenceReleased(ID, ID, ID, "loan-returned", NOW)),
            Map.entry(EventTypes.LICENCE_EXHAUSTED, new LicenceExhausted(ID, ID, NOW)),
            Map.entry(EventTypes.LICENCE_EXPIRED, new LicenceExpired(ID, ID, NOW)),
            Map.entry(EventTypes.AVAILABILITY_CHANGED, new AvailabilityChanged(ID, 3, 2, 1, 7)),
            Map.entry(EventTypes.FEED_PUBLICATION_RECEIVED, new FeedPublicationReceived(ID, "urn:isbn:9789510000019", "https://distributor.example/feed", Map.of("title", "Kalevala"), List.of("application/audiobook+lcp"))),
            Map.entry(EventTypes.REPURCHASE_SIGNALLED, new RepurchaseSignalled(ID, 12, 2, 6.0, NOW)),
            Map.entry(EventTypes.SEAT_GRANTED, new SeatGranted(ID, ID, ID, 21, null, 0, NOW)),
            Map.entry(EventTypes.SEAT_GRANT_REVOKED, new SeatGrantRevoked(ID, ID, "licence-cannot-lend", NOW)),
            Map.entry(EventTypes.SEAT_GRANT_RETURNED, new SeatGrantReturned(ID, ID, "revoked", NOW)),
            Map.entry(EventTypes.LOAN_STARTED, new LoanStarted(ID, ID, ID, "091", ID, NOW, NOW)),
            Map.entry(EventTypes.LOAN_RETURNED, new LoanReturned(ID, ID, ID, "091", NOW)),
            Map.entry(EventTypes.LOAN_RENEWED, new LoanRenewed(ID, ID, ID, "091", NOW, 1)),
            Map.entry(EventTypes.LOAN_EXPIRED, new LoanExpired(ID, ID, ID, "091", NOW)),
            Map.entry(EventTypes.HOLD_PLACED, new HoldPlaced(ID, ID, ID, "091", NOW)),
            Map.entry(EventTypes.HOLD_READY, new HoldReady(ID, ID, ID, NOW)),
            Map.entry(EventTypes.HOLD_CANCELLED, new HoldCancelled(ID, ID, ID, "patron", NOW)),
            Map.entry(EventTypes.HOLD_EXPIRED, new HoldExpired(ID, ID, ID, NOW)),
            Map.entry(EventTypes.HOLD_FULFILLED, new HoldFulfilled(ID, ID, ID, ID, NOW)),
            Map.entry(EventTypes.HOLD_SUSPENDED, new HoldSuspended(ID, ID, ID, LocalDate.now())),
            Map.entry(EventTypes.HOLD_RESUMED, new HoldResumed(ID, ID, ID, NOW)),
            Map.entry(EventTypes.HOLD_QUEUE_CHANGED, new HoldQueueChanged(ID, 4, 9)),
            Map.entry(EventTypes.ERASURE_CONFIRMED, new ErasureConfirmed(ID, ID, "loan-service", NOW)),
            Map.entry(EventTypes.PATRON_REGISTERED, new PatronRegistered(ID, "091", ID, "fi")),
            Map.entry(EventTypes.PATRON_UPDATED, new PatronUpdated(ID, "091", ID, "sv", true)),
            Map.entry(EventTypes.PATRON_BLOCKED, new PatronBlocked(ID, ID, NOW)),
            Map.entry(EventTypes.PATRON_UNBLOCKED, new PatronUnblocked(ID, ID, NOW)),
            Map.entry(EventTypes.PATRON_ERASED, new PatronErased(ID, ID, NOW)),
            Map.entry(EventTypes.LIBRARY_JOINED, new LibraryJoined(ID, List.of("091", "049"), LocalDate.now())),
            Map.entry(EventTypes.LIBRARY_LEFT, new LibraryLeft(ID, LocalDate.now())),
            Map.entry(EventTypes.LIBRARY_CHANGED, new LibraryChanged(ID, List.of("091"), LocalDate.now(), "active")));

    @Test
    void everyEventTypeHasAnExampleAndASchema() throws Exception {
        for (Field field : EventTypes.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                String type = (String) field.get(null);
                assertTrue(EXAMPLES.containsKey(type), "no example for " + type);
                assertNotNull(schema(type), "no schema for " + type);
            }
        }
    }

    @Test
    void theAsyncApiDocumentNamesEveryEventType() throws Exception {
        String asyncApi = new String(EventSchemasTest.class.getResourceAsStream("/asyncapi.yaml").readAllBytes());
        for (Field field : EventTypes.class.getFields()) {
            String type = (String) field.get(null);
            assertTrue(asyncApi.contains("name: " + type + "\n"), "asyncapi.yaml lacks " + type);
            assertTrue(asyncApi.contains("schemas/" + type + ".json"), "asyncapi.yaml has no payload schema for " + type);
        }
    }

    @Test
    void payloadsMatchTheirSchemas() throws Exception {
        for (Map.Entry<String, Object> example : EXAMPLES.entrySet()) {
            JsonNode payload = JSON.valueToTree(example.getValue());
            assertEquals(List.of(), schema(example.getKey()).validate(payload).stream().map(e -> e.getMessage()).toList(),
                    example.getKey());
        }
    }

    @Test
    void publicationIdsDependOnTheIsbnNotItsSpelling() {
        assertEquals(PublicationIds.fromIdentifier("978-951-0-00001-9"), PublicationIds.fromIdentifier("urn:isbn:9789510000019"));
        assertEquals(PublicationIds.fromIdentifier("9789510000019"), PublicationIds.fromIdentifier(" URN:ISBN:9789510000019 "));
        assertFalse(PublicationIds.fromIdentifier("9789510000019").equals(PublicationIds.fromIdentifier("9789510000026")));
    }

    @Test
    void licenceEventsWithoutPriceStillMatchAndThePriceIsADecimalString() {
        assertEquals(List.of(), schema(EventTypes.LICENCE_ADDED).validate(JSON.valueToTree(new LicenceAdded(ID, ID, 1, 10, null, 21)))
                .stream().map(e -> e.getMessage()).toList());
        assertEquals(List.of(), schema(EventTypes.LICENCE_UPDATED).validate(JSON.valueToTree(new LicenceUpdated(ID, ID, "available", 1, 3, null)))
                .stream().map(e -> e.getMessage()).toList());
        JsonNode added = JSON.valueToTree(EXAMPLES.get(EventTypes.LICENCE_ADDED));
        assertEquals("24.90", added.get("price").asText());
        assertTrue(added.get("price").isTextual(), "the price travels as a string: no float rounding");
        ((com.fasterxml.jackson.databind.node.ObjectNode) added).put("price", "24,90");
        assertFalse(schema(EventTypes.LICENCE_ADDED).validate(added).isEmpty());
        ((com.fasterxml.jackson.databind.node.ObjectNode) added).put("price", "24.90").put("currency", "euro");
        assertFalse(schema(EventTypes.LICENCE_ADDED).validate(added).isEmpty());
    }

    @Test
    void aPayloadMissingARequiredFieldIsRejected() throws Exception {
        JsonNode started = JSON.valueToTree(EXAMPLES.get(EventTypes.LOAN_STARTED));
        ((com.fasterxml.jackson.databind.node.ObjectNode) started).remove("publicationId");
        assertFalse(schema(EventTypes.LOAN_STARTED).validate(started).isEmpty());
    }

    @Test
    void noEventCarriesPersonalData() throws Exception {
        for (String type : EXAMPLES.keySet()) {
            String schema = new String(EventSchemasTest.class.getResourceAsStream("/schemas/" + type + ".json").readAllBytes()).toLowerCase();
            for (String personal : List.of("card", "pin\"", "email", "e-mail", "name\"", "phone")) {
                assertFalse(schema.contains("\"" + personal), type + " mentions " + personal);
            }
        }
    }

    static Schema schema(String type) {
        InputStream in = EventSchemasTest.class.getResourceAsStream("/schemas/" + type + ".json");
        return in == null ? null : SCHEMAS.getSchema(in);
    }
}
