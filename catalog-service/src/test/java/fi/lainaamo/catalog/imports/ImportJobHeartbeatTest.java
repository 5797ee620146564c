package fi.lainaamo.catalog.imports;

import fi.lainaamo.devinfra.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An ONIX import job whose instance stopped is ended as interrupted by any instance; one whose heart beats is not. */
@QuarkusTest
class ImportJobHeartbeatTest {

    static final String ADMIN = TestTokens.consortiumAdmin();

    @Inject
    ImportService imports;

    @Inject
    EntityManager em;

    @Test
    void aJobWhoseInstanceStoppedIsEndedAsInterruptedAndOneStillBeatingIsNot() {
        // as an instance that died left them: one running, one queued, hearts last beaten five minutes ago; one whose
        // instance (another, alive) beat its heart a moment ago; and one of this instance's, silent as long, whose heart
        // this instance beats before the check
        UUID running = UUID.randomUUID();
        UUID queued = UUID.randomUUID();
        UUID alive = UUID.randomUUID();
        UUID mine = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            for (Object[] job : List.of(new Object[] {running, "RUNNING", 300}, new Object[] {queued, "QUEUED", 300},
                    new Object[] {alive, "RUNNING", 1}, new Object[] {mine, "RUNNING", 300})) {
                em.createNativeQuery("insert into import_job (id, kind, source, status, processed, imported, started_at, heartbeat_at) "
                                + "values (?1, 'ONIX', 'heartbeat test', ?2, 7, 7, now() - interval '10 minutes', now() - make_interval(secs => ?3))")
                        .setParameter(1, job[0]).setParameter(2, job[1]).setParameter(3, job[2]).executeUpdate();
            }
        });
        imports.ours().add(mine);
        try {
            imports.heartbeat();
            assertTrue(imports.endInterrupted(Duration.ofMinutes(2)) >= 2);
        } finally {
            imports.ours().remove(mine);
        }

        for (UUID id : List.of(running, queued)) {
            given().auth().oauth2(ADMIN).header("Accept-Language", "fi").when().get("/v1/imports/{id}", id).then().statusCode(200)
                    .body("status", equalTo("FAILED")).body("errorCode", equalTo("onix-import-interrupted"))
                    .body("error", containsString("Tuo tiedosto uudelleen")).body("finishedAt", org.hamcrest.Matchers.notNullValue())
                    // what it applied before it stopped is kept
                    .body("processed", equalTo(7)).body("imported", equalTo(7));
        }
        given().auth().oauth2(ADMIN).header("Accept-Language", "sv").when().get("/v1/imports/{id}", running).then()
                .body("error", containsString("Importera filen igen"));
        given().auth().oauth2(ADMIN).when().get("/v1/imports/{id}", running).then().body("error", containsString("Import the file again"));
        for (UUID id : List.of(alive, mine)) {
            given().auth().oauth2(ADMIN).when().get("/v1/imports/{id}", id).then().statusCode(200)
                    .body("status", equalTo("RUNNING")).body("errorCode", nullValue()).body("error", nullValue());
        }
        QuarkusTransaction.requiringNew().run(() ->
                em.createNativeQuery("delete from import_job where id in (?1, ?2)").setParameter(1, alive).setParameter(2, mine).executeUpdate());
    }

    @Test
    void aJobBeatsFromTheMomentItIsQueuedAndAFinishedOneIsNeverEndedAsInterrupted() throws Exception {
        String job = ImportResourceTest.upload(OnixGenerator.message(OnixReaderTest.fixture("product-02.xml")));
        Object beaten = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select heartbeat_at from import_job where id = ?1").setParameter(1, UUID.fromString(job)).getSingleResult());
        assertTrue(beaten != null);
        ImportResourceTest.finished(job);
        // its heart last beat long ago, but it is done
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update import_job set heartbeat_at = now() - interval '1 hour' where id = ?1").setParameter(1, UUID.fromString(job)).executeUpdate());
        imports.endInterrupted(Duration.ofMinutes(2));
        given().auth().oauth2(ADMIN).when().get("/v1/imports/{id}", job).then()
                .body("status", equalTo("FINISHED")).body("errorCode", nullValue()).body("error", nullValue());
    }
}
