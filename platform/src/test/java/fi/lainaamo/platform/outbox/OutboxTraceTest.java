package fi.lainaamo.platform.outbox;

import fi.lainaamo.devinfra.TestKafka;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every record the relay publishes carries exactly one traceparent: the trace of the change that wrote the event. */
@QuarkusTest
class OutboxTraceTest {

    static final String TOPIC = "lainaamo.platform-test.v1";

    @Inject
    Outbox outbox;

    @Test
    void anEventWrittenByARequestCarriesTheRequestsTraceOnce() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e" + String.format("%04x", (int) (Math.random() * 0xffff));
        Map<String, String> written = given().header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .post("/test/events").then().statusCode(200).extract().jsonPath().getMap("");
        assertEquals(traceId, written.get("traceId"), "the request continued the caller's trace");

        List<String> traceparents = traceparentsOf(written.get("eventId"));
        assertEquals(1, traceparents.size(), "exactly one traceparent: " + traceparents);
        assertTrue(traceparents.get(0).startsWith("00-" + traceId + "-"), traceparents.get(0));
    }

    @Test
    void eventsWrittenOutsideAnyRequestCarryOneTraceSharedByTheirTransaction() {
        String subject = UUID.randomUUID().toString();
        UUID[] ids = QuarkusTransaction.requiringNew().call(() -> new UUID[] {
                outbox.record("fi.lainaamo.test.swept.v1", subject, subject, Map.of("n", 1)),
                outbox.record("fi.lainaamo.test.swept.v1", subject, subject, Map.of("n", 2))});
        List<String> first = traceparentsOf(ids[0].toString());
        List<String> second = traceparentsOf(ids[1].toString());
        assertEquals(1, first.size(), "exactly one traceparent: " + first);
        assertEquals(first, second, "one change, one trace");
        assertTrue(first.get(0).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]"), first.get(0));
    }

    private static List<String> traceparentsOf(String eventId) {
        List<ConsumerRecord<String, String>> seen = TestKafka.readUntil(TOPIC,
                r -> eventId.equals(TestKafka.header(r, "ce_id")), Duration.ofSeconds(30));
        ConsumerRecord<String, String> record = seen.stream().filter(r -> eventId.equals(TestKafka.header(r, "ce_id")))
                .findFirst().orElseThrow(() -> new AssertionError("event " + eventId + " was not published"));
        return StreamSupport.stream(record.headers().headers("traceparent").spliterator(), false)
                .map(Header::value).map(v -> new String(v, StandardCharsets.UTF_8)).toList();
    }
}
