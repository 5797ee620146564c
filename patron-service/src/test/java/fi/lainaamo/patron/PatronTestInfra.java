package fi.lainaamo.patron;

import fi.lainaamo.devinfra.LainaamoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * Every test of this service runs against the real PostgreSQL (database "patron") and the real Kafka broker.
 * identity=self: this service is the identity provider, so it verifies tokens against its own JWKS, not the test one.
 * Quarkus's OIDC test server stands in for the strong-identification provider, WireMock for loan-service.
 */
@QuarkusTestResource(value = LainaamoTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "patron"),
        @ResourceArg(name = "identity", value = "self")})
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(LoanServiceStandIn.class)
public class PatronTestInfra {
}
