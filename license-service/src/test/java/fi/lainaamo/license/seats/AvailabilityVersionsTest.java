package fi.lainaamo.license.seats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.lainaamo.devinfra.TestKafka;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.Topics;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import static fi.lainaamo.license.seats.SeatResourceTest.SERVICE;
import static fi.lainaamo.license.seats.SeatResourceTest.licensed;
import static fi.lainaamo.license.seats.SeatResourceTest.reserve;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14, propagation: the catalogue keeps, per title, the availability-changed event with the highest version and
 * drops lower ones. That is only safe if versions follow commit order and every committed change reaches the topic.
 * Many borrows and returns of one title at once, then the title's events as the topic holds them: every version from
 * 1 to the last is there once, in the partition in increasing order, and the highest one says what license-service says.
 */
@QuarkusTest
class AvailabilityVersionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void concurrentBorrowsAndReturnsOfOneTitleReachTheTopicInVersionOrderAndTheLastIsTheTruth() throws Exception {
        UUID publication = licensed(3, null);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Void>> clients = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            boolean keepsItsLast = c < 2;
            clients.add(() -> {
                for (int i = 0; i < 12; i++) {
                    UUID loan = UUID.randomUUID();
                    // two clients keep their last loan, so the title ends with fewer than all copies free; the others
                    // give every copy back, so copies keep coming free and the title changes many times
                    boolean keep = keepsItsLast && i == 11;
                    if (reserve(loan, publication).then().extract().statusCode() == 201 && !keep) {
                        given().auth().oauth2(SERVICE).when().delete("/v1/seats/{id}", loan).then().statusCode(204);
                    }
                }
                return null;
            });
        }
        for (Future<Void> done : pool.invokeAll(clients)) {
            done.get();
        }
        pool.shutdown();

        long lastVersion = QuarkusTransaction.requiringNew().call(() -> ((Number) Seat.getEntityManager()
                .createNativeQuery("select version from publication_availability where publication_id = ?1")
                .setParameter(1, publication).getSingleResult()).longValue());
        JsonPath truth = given().when().get("/v1/publications/{id}/availability", publication)
                .then().statusCode(200).extract().jsonPath();
        assertTrue(lastVersion > 20, "the title changed many times: " + lastVersion);

        List<ConsumerRecord<String, String>> read = TestKafka.readUntil(Topics.LICENCE,
                r -> availabilityOf(r, publication) != null && availabilityOf(r, publication).path("version").asLong() == lastVersion,
                Duration.ofSeconds(60));
        List<JsonNode> events = new ArrayList<>();
        Set<String> eventIds = new LinkedHashSet<>();
        for (ConsumerRecord<String, String> record : read) {
            JsonNode event = availabilityOf(record, publication);
            // the relay publishes at least once: a repeat carries the same event id and is dropped by consumers
            if (event != null && eventIds.add(TestKafka.header(record, "ce_id"))) {
                events.add(event);
            }
        }

        List<Long> versions = events.stream().map(e -> e.path("version").asLong()).toList();
        assertEquals(LongStream.rangeClosed(1, lastVersion).boxed().toList(), versions,
                "each committed change once, in version order on the title's partition");

        // what the catalogue does: apply an event only when its version is higher than the one it shows
        JsonNode shown = null;
        for (JsonNode event : events) {
            if (shown == null || event.path("version").asLong() > shown.path("version").asLong()) {
                shown = event;
            }
        }
        assertEquals(truth.getInt("seatsTotal"), shown.path("seatsTotal").asInt());
        assertEquals(truth.getInt("seatsFree"), shown.path("seatsFree").asInt());
        assertEquals(truth.getInt("seatsHeldForHolds"), shown.path("seatsHeldForHolds").asInt());
    }

    private static JsonNode availabilityOf(ConsumerRecord<String, String> record, UUID publication) {
        if (!publication.toString().equals(record.key()) || !EventTypes.AVAILABILITY_CHANGED.equals(TestKafka.header(record, "ce_type"))) {
            return null;
        }
        try {
            return JSON.readTree(record.value());
        } catch (Exception unreadable) {
            throw new IllegalStateException(unreadable);
        }
    }
}
