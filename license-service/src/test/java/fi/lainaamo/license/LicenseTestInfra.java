package fi.lainaamo.license;

import fi.lainaamo.devinfra.LainaamoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * Every test of this service runs against the real PostgreSQL (database "license") and the real Kafka broker.
 * loan-service's seat-holder lookup is simulated over HTTP ({@link LoanServiceStandIn}); the system tests run the real one.
 * Distributors are allowed on the ports {@link DistributorPorts} chose, and nowhere else.
 */
@QuarkusTestResource(value = LainaamoTestResource.class, initArgs = @ResourceArg(name = "database", value = "license"))
@QuarkusTestResource(LoanServiceStandIn.class)
@QuarkusTestResource(DistributorPorts.class)
public class LicenseTestInfra {
}
