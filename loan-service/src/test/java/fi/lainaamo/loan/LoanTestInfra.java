package fi.lainaamo.loan;

import fi.lainaamo.devinfra.LainaamoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * Every test of this service runs against the real PostgreSQL (database "loan") and the real Kafka broker.
 * license-service is simulated over HTTP ({@link LicenseServiceStandIn}); the system tests run the real one.
 */
@QuarkusTestResource(value = LainaamoTestResource.class, initArgs = @ResourceArg(name = "database", value = "loan"))
@QuarkusTestResource(LicenseServiceStandIn.class)
public class LoanTestInfra {
}
