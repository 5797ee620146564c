package fi.lainaamo.patron;

import fi.lainaamo.devinfra.LainaamoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * Every test of this service runs against the real PostgreSQL (database "patron") and the real Kafka broker.
 * identity=self: this service is the identity provider, so it verifies tokens against its own JWKS, not the test one.
 */
@QuarkusTestResource(value = LainaamoTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "patron"),
        @ResourceArg(name = "identity", value = "self")})
public class PatronTestInfra {
}
