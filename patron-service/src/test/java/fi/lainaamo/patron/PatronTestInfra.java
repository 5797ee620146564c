package fi.lainaamo.patron;

import fi.lainaamo.devinfra.LainaamoTestResource;
import fi.lainaamo.devinfra.PushReceiver;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * Every test of this service runs against the real PostgreSQL (database "patron") and the real Kafka broker.
 * identity=self: this service is the identity provider, so it verifies tokens against its own JWKS, not the test one.
 * A real SMTP server (GreenMail) receives the e-mail notices. Quarkus's OIDC test server stands in for the
 * strong-identification provider, WireMock for loan-service (and for catalog-service's title pages), and
 * {@link PushReceiver} for the push services and browsers of Web Push.
 */
@QuarkusTestResource(value = LainaamoTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "patron"),
        @ResourceArg(name = "identity", value = "self"),
        @ResourceArg(name = "mail", value = "greenmail")})
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(LoanServiceStandIn.class)
@QuarkusTestResource(PushReceiver.class)
public class PatronTestInfra {
}
