package fi.lainaamo.loan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import fi.lainaamo.devinfra.TestKafka;
import fi.lainaamo.devinfra.TestTokens;
import fi.lainaamo.events.AvailabilityChanged;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.Topics;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static io.restassured.RestAssured.given;

/** What the lending tests do again and again, the way an app does it: over HTTP with a patron's token, or as events. */
public final class Lending {

    public static final UUID LIBRARY = UUID.fromString("00000000-0000-0000-0000-00000000b1b1");
    private static final AtomicLong VERSIONS = new AtomicLong(1_000);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private Lending() {
    }

    public static String token(UUID patron) {
        return TestTokens.patron(patron, "091", LIBRARY);
    }

    public static Response borrow(UUID patron, UUID title) {
        return given().auth().oauth2(token(patron)).contentType(ContentType.JSON).body(Map.of("publicationId", title))
                .when().post("/v1/loans");
    }

    public static Response placeHold(UUID patron, UUID title) {
        return given().auth().oauth2(token(patron)).contentType(ContentType.JSON).body(Map.of("publicationId", title))
                .when().post("/v1/holds");
    }

    public static Response hold(UUID patron, String holdId) {
        return given().auth().oauth2(token(patron)).when().get("/v1/holds/{id}", holdId);
    }

    public static Response giveBack(UUID patron, String loanId) {
        return given().auth().oauth2(token(patron)).when().post("/v1/loans/{id}/return", loanId);
    }

    /** license-service reports the title's seats (a newer version each time). */
    public static void availability(UUID title, int total, int free) {
        event(Topics.LICENCE, title, EventTypes.AVAILABILITY_CHANGED, "urn:lainaamo:license-service",
                new AvailabilityChanged(title, total, free, 0, VERSIONS.incrementAndGet()));
    }

    /** A CloudEvent as the other services' outbox relays publish it. */
    public static void event(String topic, Object key, String type, String source, Object data) {
        try {
            TestKafka.sendCloudEvent(topic, key.toString(), UUID.randomUUID(), type, source, JSON.writeValueAsString(data));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
