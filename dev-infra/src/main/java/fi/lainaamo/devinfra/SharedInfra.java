package fi.lainaamo.devinfra;

/**
 * One PostgreSQL, one Kafka broker and one test identity per test JVM, started on first use and stopped at exit; and
 * one SMTP server for the tests that ask for it.
 */
public final class SharedInfra {

    private static Postgres postgres;
    private static KafkaBroker kafka;
    private static TestIdentityServer identity;
    private static MailServer mail;

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

    /** The SMTP server (with IMAP), started on first use on free ports. */
    public static synchronized MailServer mail() {
        if (mail == null) {
            mail = MailServer.start(0, 0);
            MailServer started = mail;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "lainaamo-mail-stop"));
        }
        return mail;
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
