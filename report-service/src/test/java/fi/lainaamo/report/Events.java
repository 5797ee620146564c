package fi.lainaamo.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import fi.lainaamo.devinfra.TestKafka;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.HoldPlaced;
import fi.lainaamo.events.HoldReady;
import fi.lainaamo.events.LibraryJoined;
import fi.lainaamo.events.LoanStarted;
import fi.lainaamo.events.Topics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The events other services publish, sent to the real broker as their outbox relays send them. */
public final class Events {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private Events() {
    }

    /** Sends one event with a new id; returns the id (send it again with {@link #sendAgain} to test duplicates). */
    public static UUID send(String topic, Object key, String type, String source, Object data) {
        UUID id = UUID.randomUUID();
        sendAgain(id, topic, key, type, source, data);
        return id;
    }

    public static void sendAgain(UUID id, String topic, Object key, String type, String source, Object data) {
        TestKafka.sendCloudEvent(topic, key.toString(), id, type, source, json(data));
    }

    private static String json(Object data) {
        try {
            return JSON.writeValueAsString(data);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Helsinki time on a day, as an instant. */
    public static Instant at(LocalDate day, int hour) {
        return LocalDateTime.of(day, java.time.LocalTime.of(hour, 0)).atZone(ReportDays.FINLAND).toInstant();
    }

    public static void libraryJoined(UUID library, String... municipalities) {
        send(Topics.PATRON, library, EventTypes.LIBRARY_JOINED, "urn:lainaamo:patron-service",
                new LibraryJoined(library, List.of(municipalities), LocalDate.of(2025, 1, 1)));
    }

    /** A publication with the catalogue's full description (fields beyond the contract's required ones are optional). */
    public static void publication(UUID id, String title, String format, String language, String audience, boolean fiction,
                                   String publisher, List<String> subjects) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("publicationId", id);
        data.put("title", title);
        data.put("format", format);
        data.put("language", language);
        data.put("contributors", List.of("Kirjoittaja, Kaisa"));
        data.put("audience", audience);
        data.put("fiction", fiction);
        data.put("subjects", subjects);
        data.put("publisher", publisher);
        data.put("publishedYear", 2024);
        data.put("identifiers", List.of("978-951-0-00000-" + Math.abs(id.hashCode() % 10)));
        send(Topics.CATALOG, id, EventTypes.PUBLICATION_UPSERTED, "urn:lainaamo:catalog-service", data);
    }

    public static UUID loan(UUID patron, UUID publication, String municipality, UUID library, Instant at) {
        return send(Topics.LOAN, publication, EventTypes.LOAN_STARTED, "urn:lainaamo:loan-service",
                new LoanStarted(UUID.randomUUID(), patron, publication, municipality, library, at, at.plusSeconds(21 * 86400)));
    }

    public static UUID holdPlaced(UUID hold, UUID publication, String municipality, Instant at) {
        return send(Topics.LOAN, publication, EventTypes.HOLD_PLACED, "urn:lainaamo:loan-service",
                new HoldPlaced(hold, UUID.randomUUID(), publication, municipality, at));
    }

    /** Ready at {@code at}: the event carries the end of the three-day ready window. */
    public static void holdReady(UUID hold, UUID publication, Instant at) {
        send(Topics.LOAN, publication, EventTypes.HOLD_READY, "urn:lainaamo:loan-service",
                new HoldReady(hold, UUID.randomUUID(), publication, at.atZone(ReportDays.FINLAND).plusDays(3).toInstant()));
    }
}
