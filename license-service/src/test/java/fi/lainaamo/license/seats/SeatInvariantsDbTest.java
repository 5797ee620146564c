package fi.lainaamo.license.seats;

import fi.lainaamo.license.TestCatalogue;
import fi.lainaamo.devinfra.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static fi.lainaamo.license.seats.SeatResourceTest.SERVICE;
import static fi.lainaamo.license.seats.SeatResourceTest.reserve;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The smaller, database-backed counterpart of SeatRulesPropertyTest: random sequences (fixed seeds, so a failure
 * replays) of reserve, hold, lend, confirm and release through the real API, checking the licences after every step.
 */
@QuarkusTest
class SeatInvariantsDbTest {

    @ParameterizedTest
    @ValueSource(longs = {7L, 2026L})
    void randomSequencesKeepSeatsWithinConcurrencyAndConsumptionsWithinCheckouts(long seed) {
        Random random = new Random(seed);
        UUID publication = TestCatalogue.publication();
        add(Map.of("publicationId", publication, "concurrency", 2, "checkouts", 4));
        add(Map.of("publicationId", publication, "concurrency", 1, "expires", Instant.now().plus(Duration.ofDays(20)).toString()));
        List<UUID> loans = new ArrayList<>();
        List<UUID> holds = new ArrayList<>();
        for (int step = 0; step < 15; step++) {
            switch (random.nextInt(5)) {
                case 0 -> {
                    UUID loan = UUID.randomUUID();
                    if (reserve(loan, publication).then().extract().statusCode() == 201) {
                        loans.add(loan);
                    }
                }
                case 1 -> {
                    UUID hold = UUID.randomUUID();
                    if (HoldSeatTest.hold(hold, publication, Instant.now().plus(Duration.ofDays(2))).then().extract().statusCode() == 201) {
                        holds.add(hold);
                    }
                }
                case 2 -> {
                    if (!holds.isEmpty()) {
                        UUID loan = UUID.randomUUID();
                        int status = HoldSeatTest.lend(holds.remove(random.nextInt(holds.size())), loan).then().extract().statusCode();
                        assertTrue(status == 201 || status == 409);
                        if (status == 201) {
                            loans.add(loan);
                        }
                    }
                }
                case 3 -> {
                    if (!loans.isEmpty()) {
                        given().auth().oauth2(SERVICE).when().post("/v1/seats/{id}/confirm", loans.get(random.nextInt(loans.size())))
                                .then().statusCode(200);
                    }
                }
                default -> {
                    List<UUID> all = new ArrayList<>(loans);
                    all.addAll(holds);
                    if (!all.isEmpty()) {
                        UUID seat = all.get(random.nextInt(all.size()));
                        loans.remove(seat);
                        holds.remove(seat);
                        given().auth().oauth2(SERVICE).when().delete("/v1/seats/{id}", seat).then().statusCode(204);
                    }
                }
            }
            JsonPath licences = given().auth().oauth2(TestTokens.consortiumAdmin())
                    .when().get("/v1/licences?publicationId={id}", publication).then().statusCode(200).extract().jsonPath();
            int seatsTaken = 0;
            for (int i = 0; i < 2; i++) {
                int taken = licences.getInt("[" + i + "].seatsTaken");
                assertTrue(taken <= licences.getInt("[" + i + "].concurrency"), "seats taken exceed concurrency");
                Integer total = licences.get("[" + i + "].checkoutsTotal");
                if (total != null) {
                    assertTrue(licences.getLong("[" + i + "].loansSoFar") <= total, "consumptions exceed checkouts");
                    assertTrue(licences.getInt("[" + i + "].checkoutsLeft") >= 0);
                }
                seatsTaken += taken;
            }
            assertEquals(loans.size() + holds.size(), seatsTaken, "every seat the model holds, and no other, is taken");
        }
    }

    private static void add(Map<String, Object> terms) {
        given().auth().oauth2(TestTokens.consortiumAdmin()).contentType(ContentType.JSON).body(terms)
                .when().post("/v1/licences").then().statusCode(201);
    }
}
