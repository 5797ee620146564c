package fi.lainaamo.platform;

import fi.lainaamo.devinfra.LainaamoTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** The platform's own tests run against the real PostgreSQL (database "platform") and the real Kafka broker. */
@QuarkusTestResource(value = LainaamoTestResource.class, initArgs = @ResourceArg(name = "database", value = "platform"))
public class PlatformTestInfra {
}
