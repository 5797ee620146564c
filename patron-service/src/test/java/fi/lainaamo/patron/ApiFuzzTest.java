package fi.lainaamo.patron;

import fi.lainaamo.devinfra.fuzz.ApiFuzzer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.net.URI;

/**
 * Hostile requests, drawn from patron-service's own OpenAPI document, to every operation with a token of each role
 * (signed by this service, which trusts only its own keys): never a 5xx, never a stack trace or class name, and a
 * refused request changes nothing (seed: {@link ApiFuzzer}).
 */
@QuarkusTest
class ApiFuzzTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    DataSource database;

    @Test
    void everyOperationWithstandsHostileRequests() {
        Fixtures.TestPatron patron = Fixtures.patron();
        ApiFuzzer.against(base)
                .withToken("patron", patron.token())
                .withToken("librarian", Fixtures.librarianToken(patron.libraryId()))
                .withToken("consortium-admin", Fixtures.adminToken())
                // a wrong PIN is counted on purpose (sign-in lockout), refused or not
                .watching(database, "sign_in_failure")
                .skipping("rotateSigningKey", "it takes no input but the admin's token, and each rotation changes the JWKS "
                        + "that the other tests in this JVM verify tokens against")
                .run();
    }
}
