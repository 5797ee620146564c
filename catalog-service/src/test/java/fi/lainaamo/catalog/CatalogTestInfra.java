package fi.lainaamo.catalog;

import fi.lainaamo.devinfra.LainaamoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** Every test of this service runs against the real PostgreSQL (database "catalog") and the real Kafka broker. */
@QuarkusTestResource(value = LainaamoTestResource.class, initArgs = @ResourceArg(name = "database", value = "catalog"))
public class CatalogTestInfra {
}
