package fi.lainaamo.systemtest;

import fi.lainaamo.devinfra.LocalStack;
import fi.lainaamo.devinfra.LocalStack.Service;
import fi.lainaamo.devinfra.MailServer;
import fi.lainaamo.devinfra.PushReceiver;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static fi.lainaamo.systemtest.SystemStack.url;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15 across the real services: a patron's hold becomes ready when another patron returns the copy, and within a
 * minute the patron has one e-mail in their language on the real SMTP server, one decrypted Web Push message, one
 * inbox entry and one event on their open SSE stream, and the partner system of their library one signed webhook —
 * and the e-mail goes once also when patron-service is killed while it could not be sent yet.
 */
class NotificationsEndToEndTest {

    /** The promise: told within a minute of the event. */
    private static final Duration WITHIN = Duration.ofSeconds(60);

    private static LocalStack stack;
    private static WebhookReceiver partner;
    private static PushReceiver pushService;

    @BeforeAll
    static void start() throws Exception {
        stack = SystemStack.get();
        partner = new WebhookReceiver();
        pushService = PushReceiver.listening(SystemStack.PUSH_PORT);
        // Helmet's library system follows its patrons' ready holds by webhook
        String helmet = given().get(url(Service.PATRON, "/v1/libraries")).then().statusCode(200)
                .extract().path("find { it.names.fi == 'Helmet' }.id");
        Map<String, Object> app = given().auth().oauth2(SystemStack.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "Helmet-kirjastojärjestelmä", "scopes", List.of("webhooks:manage", "loans:read-own-library"), "libraryId", helmet))
                .post(url(Service.PATRON, "/v1/partner-apps")).then().statusCode(201).extract().as(Map.class);
        String appToken = given().contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .formParam("client_id", app.get("clientId")).formParam("client_secret", app.get("clientSecret"))
                .post(url(Service.PATRON, "/v1/oauth/token")).then().statusCode(200).extract().path("access_token");
        partner.secret(given().auth().oauth2(appToken).contentType(ContentType.JSON)
                .body(Map.of("url", partner.url(), "eventTypes", List.of("hold.ready.v1")))
                .post(url(Service.PATRON, "/v1/webhooks")).then().statusCode(201).extract().path("secret"));
    }

    @AfterAll
    static void stop() {
        partner.close();
        pushService.stop();
    }

    @Test
    void aHoldThatBecomesReadyIsToldOnceByEmailInThePatronsLanguageAndInTheInbox() {
        String title = SystemStack.title("Fänrik Ståls sägner", 1);
        String reader = SystemStack.patron(SystemStack.card("RETU"), "091");
        String waiting = SystemStack.patron(SystemStack.card("ODOT"), "049");
        String address = "vantande-" + UUID.randomUUID().toString().substring(0, 8) + "@example.fi";
        profile(waiting, Map.of("email", address, "language", "sv"));
        // the patron's browser subscribed to Web Push
        PushReceiver.Browser browser = pushService.browser();
        given().auth().oauth2(waiting).contentType(ContentType.JSON).body(browser.subscriptionJson())
                .post(url(Service.PATRON, "/v1/me/push-subscriptions")).then().statusCode(201);

        String loan = borrowWhenFree(reader, title);
        String hold = hold(waiting, title);
        // the patron's app is open: it follows the patron's changes over SSE
        List<String> stream = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        var open = client.sendAsync(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url(Service.LOAN, "/v1/me/events")))
                        .header("Authorization", "Bearer " + waiting).header("Accept", "text/event-stream").build(),
                java.net.http.HttpResponse.BodyHandlers.ofLines())
                .thenAccept(response -> response.body().forEach(stream::add));
        await().atMost(Duration.ofSeconds(10)).until(() -> stream.stream().anyMatch(line -> line.startsWith("event:") && line.contains("heartbeat"))); // the stream stands
        giveBack(reader, loan);
        // the patron borrows as soon as the hold is ready (the system tests' pick-up window is only seconds long)
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(100)).until(() ->
                "ready".equals(given().auth().oauth2(waiting).get(url(Service.LOAN, "/v1/holds/" + hold)).path("state")));
        given().auth().oauth2(waiting).contentType(ContentType.JSON).body(Map.of("publicationId", title))
                .post(url(Service.LOAN, "/v1/loans")).then().statusCode(201);

        await().atMost(WITHIN).pollInterval(Duration.ofMillis(200)).until(() -> stack.mail().messagesTo(address).size() == 1);
        MailServer.ReceivedMail mail = stack.mail().messagesTo(address).get(0);
        assertEquals("Kan lånas: Fänrik Ståls sägner", mail.subject());
        assertEquals("sv", mail.contentLanguage());
        assertTrue(mail.text().contains("Fänrik Ståls sägner"), mail.text());
        inbox(waiting, hold);
        // Helmet's system got the ready hold of its patron (049 is Helmet's), signed, once by webhook-id
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(200)).until(() -> webhooksAbout(hold).size() == 1);
        // the browser got one push, which it decrypted (and whose VAPID signature it checked): the ready hold, in Swedish
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(200)).until(() -> browser.accepted().size() == 1);
        String pushed = browser.accepted().get(0);
        assertTrue(pushed.contains("\"occasion\":\"hold-ready\"") && pushed.contains("\"lang\":\"sv\"")
                && pushed.contains("Fänrik Ståls sägner"), pushed);
        // the open app was told the hold is ready, once
        await().atMost(WITHIN).until(() -> readyEvents(stream, hold) == 1);
        open.cancel(true);
        // and nothing more comes
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> stack.mail().messagesTo(address).size() == 1
                && webhooksAbout(hold).size() == 1 && browser.accepted().size() == 1);
        assertTrue(webhooksAbout(hold).get(0).body().contains("\"municipality\":\"049\""), webhooksAbout(hold).get(0).body());
    }

    /** How many hold.ready events about the hold the SSE stream carried (blocks of lines ended by an empty one). */
    private static long readyEvents(List<String> stream, String hold) {
        long count = 0;
        String event = null;
        boolean aboutHold = false;
        for (String line : stream) {
            if (line.isEmpty()) {
                count += "hold.ready".equals(event) && aboutHold ? 1 : 0;
                event = null;
                aboutHold = false;
            } else if (line.startsWith("event:")) {
                event = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                aboutHold |= line.contains(hold);
            }
        }
        return count;
    }

    /** The partner's accepted hold-ready deliveries about the hold, one per webhook-id. */
    private static List<WebhookReceiver.Delivery> webhooksAbout(String hold) {
        return partner.accepted().stream().filter(d -> d.body().contains("\"hold.ready.v1\"") && d.body().contains(hold))
                .collect(java.util.stream.Collectors.toMap(WebhookReceiver.Delivery::id, d -> d, (a, b) -> a)).values().stream().toList();
    }

    /**
     * The pick-up window of the system tests (seconds) passes while patron-service is down, so the patron is told the
     * hold was ready and that it expired: each e-mail notice reaches the SMTP server once (alone or gathered with the
     * other into one e-mail), which the notice ids in the e-mails' X-Lainaamo-Notice headers show.
     */
    @Test
    void killedWhileTheEmailCouldNotGoOutPatronServiceSendsItOnceAfterItsRestart() throws Exception {
        String title = SystemStack.title("Sju bröder", 1);
        String reader = SystemStack.patron(SystemStack.card("KILA"), "091");
        String waiting = SystemStack.patron(SystemStack.card("KILB"), "837");
        String address = "odottaja-" + UUID.randomUUID().toString().substring(0, 8) + "@example.fi";
        profile(waiting, Map.of("email", address, "language", "fi"));
        String loan = borrowWhenFree(reader, title);
        String hold = hold(waiting, title);

        stack.mail().stop(); // the SMTP server refuses: the e-mail notice is written and waits for a retry
        try {
            giveBack(reader, loan);
            inbox(waiting, hold); // the notices were written in the event's transaction
            stack.killService(Service.PATRON); // kill -9, with the e-mail still pending
        } finally {
            stack.mail().startAgain();
        }
        stack.startService(Service.PATRON);

        String patronId = given().auth().oauth2(waiting).get(url(Service.PATRON, "/v1/patrons/me")).then().statusCode(200).extract().path("id");
        await().atMost(WITHIN.multipliedBy(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                given().auth().oauth2(SystemStack.admin()).get(url(Service.PATRON, "/v1/patrons/" + patronId + "/notices")).then()
                        .statusCode(200)
                        .body("findAll { it.channel == 'email' }.occasion", hasItems("hold-ready", "hold-expired"))
                        .body("findAll { it.channel == 'email' }.status", everyItem(equalTo("sent"))));
        List<String> emailNotices = given().auth().oauth2(SystemStack.admin()).get(url(Service.PATRON, "/v1/patrons/" + patronId + "/notices"))
                .then().extract().path("findAll { it.channel == 'email' }.id");
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            List<String> received = stack.mail().messagesTo(address).stream().flatMap(m -> Arrays.stream(m.noticeId().split(","))).toList();
            assertEquals(received.size(), Set.copyOf(received).size(), "an e-mail notice was sent twice: " + received);
            assertEquals(Set.copyOf(emailNotices), Set.copyOf(received));
        });
        assertTrue(stack.mail().messagesTo(address).stream().anyMatch(m -> m.text().contains("Sju bröder")));
    }

    /** The patron's inbox holds exactly one hold-ready notice, for the hold. */
    private static void inbox(String token, String hold) {
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().auth().oauth2(token).get(url(Service.PATRON, "/v1/me/notifications")).then().statusCode(200)
                        .body("items.findAll { it.occasion == 'hold-ready' }", hasSize(1))
                        .body("items.find { it.occasion == 'hold-ready' }.holdId", equalTo(hold)));
    }

    private static void profile(String token, Map<String, Object> change) {
        given().auth().oauth2(token).contentType(ContentType.JSON).body(change)
                .patch(url(Service.PATRON, "/v1/patrons/me")).then().statusCode(200);
    }

    /** Borrows once loan-service has learnt of the title's licence (its availability comes by events). */
    private static String borrowWhenFree(String token, String title) {
        String[] id = new String[1];
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            var answer = given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("publicationId", title))
                    .post(url(Service.LOAN, "/v1/loans"));
            id[0] = answer.statusCode() == 201 ? answer.path("id") : null;
            return id[0] != null;
        });
        return id[0];
    }

    /** Places a hold once loan-service has seen the copy go (until then it says copy-available). */
    private static String hold(String token, String title) {
        String[] id = new String[1];
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            var answer = given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("publicationId", title))
                    .post(url(Service.LOAN, "/v1/holds"));
            id[0] = answer.statusCode() == 201 ? answer.path("id") : null;
            return id[0] != null;
        });
        return id[0];
    }

    private static void giveBack(String token, String loan) {
        given().auth().oauth2(token).post(url(Service.LOAN, "/v1/loans/" + loan + "/return")).then().statusCode(200);
    }
}
