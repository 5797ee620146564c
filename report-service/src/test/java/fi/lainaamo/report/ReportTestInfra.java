package fi.lainaamo.report;

import fi.lainaamo.devinfra.LainaamoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** Every test of this service runs against the real PostgreSQL (database "report") and the real Kafka broker. */
@QuarkusTestResource(value = LainaamoTestResource.class, initArgs = @ResourceArg(name = "database", value = "report"))
public class ReportTestInfra {
}
