package fi.lainaamo.devinfra;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/**
 * Quarkus test resource for every service: a real PostgreSQL database of the service's own (init arg
 * {@code database}), the real Kafka broker, and the test identity's JWKS and token endpoint. patron-service,
 * which is the identity provider itself, passes {@code identity=self} and keeps its own JWKS settings.
 */
public class LainaamoTestResource implements QuarkusTestResourceLifecycleManager {

    private String database = "lainaamo";
    private boolean testIdentity = true;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
        testIdentity = !"self".equals(initArgs.get("identity"));
    }

    @Override
    public Map<String, String> start() {
        Postgres postgres = SharedInfra.postgres();
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", postgres.database(database));
        config.put("quarkus.datasource.username", Postgres.USER);
        config.put("quarkus.datasource.password", Postgres.PASSWORD);
        config.put("kafka.bootstrap.servers", SharedInfra.kafka().bootstrapServers());
        if (testIdentity) {
            String identity = SharedInfra.identity().baseUrl();
            config.put("mp.jwt.verify.publickey.location", identity + "/.well-known/jwks.json");
            config.put("lainaamo.service-auth.token-url", identity + "/v1/oauth/token");
        }
        return config;
    }

    @Override
    public void stop() {
        // shared for the whole test JVM; SharedInfra stops it at exit
    }
}
