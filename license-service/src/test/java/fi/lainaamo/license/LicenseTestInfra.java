package fi.lainaamo.license;

import fi.lainaamo.devinfra.LainaamoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** Every test of this service runs against the real PostgreSQL (database "license") and the real Kafka broker. */
@QuarkusTestResource(value = LainaamoTestResource.class, initArgs = @ResourceArg(name = "database", value = "license"))
public class LicenseTestInfra {
}
