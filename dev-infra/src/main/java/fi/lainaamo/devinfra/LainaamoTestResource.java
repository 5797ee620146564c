package fi.lainaamo.devinfra;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/**
 * Quarkus test resource for every service: a real PostgreSQL database of the service's own (init arg
 * {@code database}), the real Kafka broker, and the test identity's JWKS and token endpoint. patron-service,
 * which is the identity provider itself, passes {@code identity=self} and keeps its own JWKS settings; it also passes
 * {@code mail=greenmail} for a real SMTP server ({@link MailServer}) that its mailer sends to, injected into test fields
 * marked {@link TestMailServer}.
 */
public class LainaamoTestResource implements QuarkusTestResourceLifecycleManager {

    private String database = "lainaamo";
    private boolean testIdentity = true;
    private boolean mail;
    private MailServer mailServer;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
        testIdentity = !"self".equals(initArgs.get("identity"));
        mail = "greenmail".equals(initArgs.get("mail"));
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
        if (mail) {
            mailServer = SharedInfra.mail();
            config.put("quarkus.mailer.host", "127.0.0.1");
            config.put("quarkus.mailer.port", String.valueOf(mailServer.smtpPort()));
            config.put("quarkus.mailer.mock", "false");
        }
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        if (mailServer != null) {
            injector.injectIntoFields(mailServer, new TestInjector.AnnotatedAndMatchesType(TestMailServer.class, MailServer.class));
        }
    }

    @Override
    public void stop() {
        // shared for the whole test JVM; SharedInfra stops it at exit
    }
}
