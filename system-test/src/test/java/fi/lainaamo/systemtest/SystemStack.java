package fi.lainaamo.systemtest;

import fi.lainaamo.devinfra.LocalStack;
import fi.lainaamo.devinfra.LocalStack.Service;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/**
 * One stack for all system tests of this JVM: the four packaged services on free ports, real PostgreSQL and Kafka.
 * Two libraries serve 091 Helsinki, 049 Espoo (Helmet) and 837 Tampere (Piki); 564 Oulu is served by none. Time
 * windows are shortened so a ready hold can expire within a test; LocalStack stops everything at exit.
 */
final class SystemStack {

    /** A ready hold keeps its copy this long in the system tests (three days in production). */
    static final String READY_WINDOW = "PT6S";

    /**
     * A seat no loan.started confirmed is settled by license-service's sweep after this long (five minutes in
     * production), so a seat left by a killed loan-service goes back within a test, and a paused consumer is outlasted.
     */
    static final Duration SEAT_CONFIRM_WINDOW = Duration.ofSeconds(4);

    /** Where the tests' Web Push service ({@link fi.lainaamo.devinfra.PushReceiver}) listens, chosen before the stack starts. */
    static final int PUSH_PORT = fi.lainaamo.devinfra.Ports.free();

    private static LocalStack stack;
    private static String admin;
    private static Instant adminSignedInAt;
    private static final AtomicInteger CARDS = new AtomicInteger();

    private SystemStack() {
    }

    static synchronized LocalStack get() throws Exception {
        if (stack == null) {
            Path repoRoot = Path.of(System.getProperty("lainaamo.repo-root", "..")).toAbsolutePath().normalize();
            // two instances of each service in the multi-instance tests' own JVM (system-test/pom.xml), else one
            int instances = Integer.getInteger("lainaamo.instances", 1);
            stack = LocalStack.start(repoRoot, repoRoot.resolve("system-test/target/stack" + (instances > 1 ? "-" + instances : "")),
                    new LocalStack.Options(false, LocalStack.Data.THROWAWAY, Map.of(
                    // the tests' partner webhook receiver and Web Push service listen on plain http on the loopback
                    Service.PATRON, Map.of("LAINAAMO_WEBHOOKS_ALLOWED_HOSTS", "localhost:" + WebhookReceiver.PORT,
                            "LAINAAMO_PUSH_ALLOWED_HOSTS", "localhost:" + PUSH_PORT),
                    Service.LOAN, Map.of("LAINAAMO_LENDING_READY_WINDOW", READY_WINDOW, "LAINAAMO_SWEEP_INTERVAL", "1s",
                            // a borrow a killed loan-service left pending fails within a test (still longer than the seat call may take)
                            "LAINAAMO_LICENSE_READ_TIMEOUT", "15000", "LAINAAMO_PENDING_BORROW_TIMEOUT", "20s"),
                    Service.LICENSE, licenseSettings(Map.of("LAINAAMO_SEAT_CONFIRM_WITHIN", SEAT_CONFIRM_WINDOW.toSeconds() + "s",
                            "LAINAAMO_SEAT_SWEEP_EVERY", "1s",
                            // a licence's expiry reaches the other services within a second, not thirty
                            "LAINAAMO_EXPIRY_CHECK_EVERY", "1s"))), instances),
                    System.out);
            library("Helmet", List.of("091", "049"));
            library("Piki", List.of("837"));
        }
        return stack;
    }

    /**
     * license-service's settings; {@code -Dlainaamo.escrow.per-title=N} runs the system tests with N grants per title
     * (2, the seat escrow on, by default; 0 runs the whole suite with it off, every borrow asking for its seat).
     */
    private static Map<String, String> licenseSettings(Map<String, String> settings) {
        String escrow = System.getProperty("lainaamo.escrow.per-title");
        if (escrow == null || escrow.isBlank()) {
            return settings;
        }
        Map<String, String> with = new java.util.HashMap<>(settings);
        with.put("LAINAAMO_ESCROW_PER_TITLE", escrow);
        return with;
    }

    /**
     * The packaged web app (module web) against this stack, started on first use; its base URL. It refreshes the
     * patron's access token before every page that calls a service (the margin is the token's whole 5-minute life),
     * so the browser journeys run on rotated tokens throughout.
     */
    static synchronized String web() throws Exception {
        return get().startWeb(Map.of("LAINAAMO_WEB_REFRESH_MARGIN", "PT5M"));
    }

    static String url(Service service, String path) {
        return stack.url(service) + path;
    }

    /** The bootstrap admin's token, signed in again before it expires (access tokens last five minutes; the suite runs longer). */
    static synchronized String admin() {
        if (admin == null || adminSignedInAt.isBefore(Instant.now().minus(Duration.ofMinutes(4)))) {
            adminSignedInAt = Instant.now();
            admin = given().contentType(ContentType.JSON).body(Map.of("username", "admin", "password", "lainaamo-admin"))
                    .post(url(Service.PATRON, "/v1/staff/sign-in")).then().statusCode(200).extract().path("accessToken");
        }
        return admin;
    }

    private static void library(String name, List<String> municipalities) {
        given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("names", Map.of("fi", name, "sv", name, "en", name), "municipalities", municipalities))
                .post(url(Service.PATRON, "/v1/libraries")).then().statusCode(201);
    }

    /** A unique card number for this JVM's tests. */
    static String card(String prefix) {
        return prefix + String.format("%05d", CARDS.incrementAndGet());
    }

    /** Registers a patron and signs them in; returns the access token. */
    static String patron(String card, String municipality) {
        given().contentType(ContentType.JSON).body(Map.of("cardNumber", card, "pin", "4321", "municipality", municipality))
                .post(url(Service.PATRON, "/v1/patrons")).then().statusCode(201);
        return given().contentType(ContentType.JSON).body(Map.of("cardNumber", card, "pin", "4321"))
                .post(url(Service.PATRON, "/v1/sign-in")).then().statusCode(200).extract().path("accessToken");
    }

    /** A publication in the catalogue with a licence of the given concurrency. */
    static String title(String name, int copies) {
        String publication = given().auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("title", name, "format", "EBOOK", "language", "fin", "authors", List.of("Aleksis Kivi")))
                .post(url(Service.CATALOG, "/v1/publications")).then().statusCode(201).extract().path("id");
        licence(Map.of("publicationId", publication, "concurrency", copies));
        return publication;
    }

    /**
     * Adds a licence as acquisitions staff do, once license-service knows the publication: it learns the catalogue's
     * publications from lainaamo.catalog.v1, so one created a moment ago answers 422 unknown-publication for a while.
     */
    static String licence(Map<String, Object> terms) {
        String[] id = new String[1];
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Response added = given().auth().oauth2(admin()).contentType(ContentType.JSON).body(terms)
                    .post(url(Service.LICENSE, "/v1/licences"));
            if (added.statusCode() == 422 && "unknown-publication".equals(added.path("code"))) {
                return false;
            }
            added.then().statusCode(201);
            id[0] = added.path("id");
            return true;
        });
        return id[0];
    }
}
