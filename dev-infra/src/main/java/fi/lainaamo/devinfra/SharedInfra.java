package fi.lainaamo.devinfra;

/** One PostgreSQL, one Kafka broker and one test identity per test JVM, started on first use and stopped at exit. */
public final class SharedInfra {

    private static Postgres postgres;
    private static KafkaBroker kafka;
    private static TestIdentityServer identity;

    private SharedInfra() {
    }

    public static synchronized Postgres postgres() {
        startIfNeeded();
        return postgres;
    }

    public static synchronized KafkaBroker kafka() {
        startIfNeeded();
        return kafka;
    }

    public static synchronized TestIdentityServer identity() {
        startIfNeeded();
        return identity;
    }

    private static void startIfNeeded() {
        if (postgres != null) {
            return;
        }
        try {
            postgres = Postgres.start(0, null);
            kafka = KafkaBroker.start(0, null);
            identity = TestIdentityServer.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test infrastructure", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            identity.close();
            kafka.close();
            try {
                postgres.close();
            } catch (Exception ignored) {
                // the JVM is going away; the temp data dir goes with it
            }
        }, "lainaamo-infra-stop"));
    }
}
