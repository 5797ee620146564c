package fi.lainaamo.patron.notifications;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import fi.lainaamo.devinfra.TestKafka;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.Topics;
import fi.lainaamo.patron.Fixtures;
import fi.lainaamo.patron.Fixtures.TestPatron;
import fi.lainaamo.patron.LoanServiceMock;
import fi.lainaamo.devinfra.PushReceiver;
import fi.lainaamo.devinfra.TestPushReceiver;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Web Push end to end: an app subscribes the browser with the VAPID key; a hold-ready event on the real broker becomes
 * one push that the test's push receiver accepts only with a valid VAPID JWT and decrypts; a push service that says
 * the subscription is gone gets it dropped; one that fails first gets the push again, once accepted.
 */
@QuarkusTest
class WebPushTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestPushReceiver
    PushReceiver push;

    @LoanServiceMock
    WireMockServer stubs;

    @Inject
    EntityManager em;

    @Test
    void theVapidKeyIsPublicAndTheOneInTheDatabase() {
        String key = given().when().get("/v1/push/vapid-public-key").then().statusCode(200).extract().path("publicKey");
        assertEquals(65, WebPushCrypto.fromBase64url(key).length);
        WebPushCrypto.publicKey(WebPushCrypto.fromBase64url(key)); // a P-256 point
        String stored = QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery("select public_key from vapid_key").getSingleResult());
        assertEquals(stored, key, "every instance reads the same key");
    }

    @Test
    void aSubscriptionIsCheckedAndRegisteredOnceAndListedWithoutItsEndpoint() {
        TestPatron patron = Fixtures.patron();
        PushReceiver.Browser browser = push.browser();
        @SuppressWarnings("unchecked")
        Map<String, String> keys = (Map<String, String>) browser.subscriptionJson().get("keys");

        // refused, every reason at once: http to a host not allowed, a point off the curve, a short secret
        byte[] off = WebPushCrypto.fromBase64url(keys.get("p256dh"));
        off[64] ^= 1;
        given().auth().oauth2(patron.token()).contentType(ContentType.JSON).header("Accept-Language", "fi")
                .body(Map.of("endpoint", "http://push.example/x", "keys", Map.of("p256dh", WebPushCrypto.base64url(off), "auth", "AAAAAAAAAAAAAAAAAAAA")))
                .when().post("/v1/me/push-subscriptions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("invalid-request"))
                .body("errors.code", containsInAnyOrder("https-required", "invalid-push-key", "invalid-push-auth"))
                .body("errors.find { it.code == 'invalid-push-key' }.title", equalTo("Virheellinen push-avain"));
        for (String endpoint : List.of("https://127.0.0.1/push", "https://10.1.2.3/push", "https://[::1]/push", "http://localhost:8084/v1/loans")) {
            given().auth().oauth2(patron.token()).contentType(ContentType.JSON)
                    .body(Map.of("endpoint", endpoint, "keys", keys))
                    .when().post("/v1/me/push-subscriptions")
                    .then().statusCode(400).body("errors[0].field", equalTo("endpoint"))
                    .body("errors[0].code", org.hamcrest.Matchers.oneOf("private-address", "https-required"));
        }
        given().auth().oauth2(patron.token()).contentType(ContentType.JSON).body(Map.of("endpoint", browser.endpoint))
                .when().post("/v1/me/push-subscriptions").then().statusCode(400);

        String id = given().auth().oauth2(patron.token()).contentType(ContentType.JSON).body(browser.subscriptionJson())
                .when().post("/v1/me/push-subscriptions")
                .then().statusCode(201).body("endpointOrigin", equalTo(push.origin())).body("createdAt", notNullValue())
                .extract().path("id");
        given().auth().oauth2(patron.token()).contentType(ContentType.JSON).body(browser.subscriptionJson())
                .when().post("/v1/me/push-subscriptions")
                .then().statusCode(200).body("id", equalTo(id));
        String listed = given().auth().oauth2(patron.token()).when().get("/v1/me/push-subscriptions")
                .then().statusCode(200).body("id", equalTo(List.of(id))).body("[0].endpointOrigin", equalTo(push.origin()))
                .extract().asString();
        assertFalse(listed.contains(browser.endpoint), "the list shows the origin only");

        // another patron can neither see nor remove it
        TestPatron other = Fixtures.patron();
        given().auth().oauth2(other.token()).when().get("/v1/me/push-subscriptions").then().statusCode(200).body("", hasSize(0));
        given().auth().oauth2(other.token()).when().delete("/v1/me/push-subscriptions/" + id)
                .then().statusCode(404).body("code", equalTo("push-subscription-not-found"));
        given().when().get("/v1/me/push-subscriptions").then().statusCode(401);
        given().auth().oauth2(Fixtures.adminToken()).when().get("/v1/me/push-subscriptions").then().statusCode(403);

        given().auth().oauth2(patron.token()).when().delete("/v1/me/push-subscriptions/" + id).then().statusCode(204);
        given().auth().oauth2(patron.token()).when().get("/v1/me/push-subscriptions").then().statusCode(200).body("", hasSize(0));
    }

    @Test
    void aReadyHoldIsOneEncryptedPushInThePatronsLanguageHoweverOftenTheEventComes() throws Exception {
        TestPatron patron = Fixtures.patron();
        PushReceiver.Browser browser = subscribed(patron, "fi");
        UUID publication = UUID.randomUUID();
        stubs.stubFor(get(urlPathEqualTo("/v1/publications/" + publication))
                .willReturn(okJson("{\"id\":\"" + publication + "\",\"title\":\"Seitsemän veljestä\",\"format\":\"EBOOK\"}")));
        UUID hold = UUID.randomUUID();
        UUID event = UUID.randomUUID();

        holdReady(event, patron.id(), hold, publication, Instant.parse("2026-12-03T12:00:00Z"));

        await().atMost(WAIT).until(() -> browser.received().size() == 1);
        PushReceiver.Received received = browser.received().get(0);
        assertNull(received.refusal(), "VAPID and the encryption are valid");
        assertEquals(201, received.answered());
        JsonNode message = JSON.readTree(received.message());
        assertEquals("hold-ready", message.get("occasion").asText());
        assertEquals("Lainattavissa: Seitsemän veljestä", message.get("title").asText());
        assertEquals("Varauksesi on lainattavissa. Lainaa se viimeistään 3.12.2026 klo 14.00.", message.get("body").asText());
        String noticeId = message.get("noticeId").asText();
        assertTrue(message.get("url").asText().endsWith(noticeId), message.toString());
        // the push service's answer is recorded once it is in: the browser may have the message a moment before
        await().atMost(WAIT).until(() -> !pushRows(hold).isEmpty() && !pushRows(hold).get(0).startsWith("push:pending"));
        assertEquals(List.of("push:sent:1:" + noticeId), pushRows(hold));
        assertEquals("high", header(received, "Urgency"));
        assertEquals("86400", header(received, "TTL"));

        // the same event again, and a replay under another id: still one push
        holdReady(event, patron.id(), hold, publication, Instant.parse("2026-12-03T12:00:00Z"));
        UUID replay = UUID.randomUUID();
        holdReady(replay, patron.id(), hold, publication, Instant.parse("2026-12-03T12:00:00Z"));
        await().atMost(WAIT).until(() -> processed(replay));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> browser.received().size() == 1);
        assertEquals(1, pushRows(hold).size());
        // and the inbox has its entry as before (no e-mail: no address)
        given().auth().oauth2(patron.token()).when().get("/v1/me/notifications").then().body("items", hasSize(1));
    }

    @Test
    void aSubscriptionThePushServiceSaysIsGoneIsDroppedAndItsPushSkipped() {
        TestPatron patron = Fixtures.patron();
        PushReceiver.Browser browser = subscribed(patron, "en").answer(410);
        UUID hold = UUID.randomUUID();

        holdExpired(UUID.randomUUID(), patron.id(), hold, UUID.randomUUID(), Instant.parse("2026-07-01T06:05:00Z"));

        await().atMost(WAIT).until(() -> !pushRows(hold).isEmpty() && pushRows(hold).get(0).startsWith("push:skipped"));
        assertEquals(1, browser.received().size());
        assertNull(browser.received().get(0).refusal());
        given().auth().oauth2(patron.token()).when().get("/v1/me/push-subscriptions").then().statusCode(200).body("", hasSize(0));
        // nothing more goes there: neither a retry nor the next occasion
        UUID next = UUID.randomUUID();
        UUID nextHold = UUID.randomUUID();
        holdExpired(next, patron.id(), nextHold, UUID.randomUUID(), Instant.now());
        await().atMost(WAIT).until(() -> processed(next));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> browser.received().size() == 1);
        assertTrue(pushRows(nextHold).isEmpty());
    }

    @Test
    void aPushTheServiceFailsIsRetriedAndSentOnce() throws Exception {
        TestPatron patron = Fixtures.patron();
        PushReceiver.Browser browser = subscribed(patron, "sv").answer(500, 429);
        UUID hold = UUID.randomUUID();

        holdReady(UUID.randomUUID(), patron.id(), hold, UUID.randomUUID(), Instant.parse("2026-12-03T12:00:00Z"));

        await().atMost(WAIT).until(() -> !pushRows(hold).isEmpty() && pushRows(hold).get(0).startsWith("push:sent"));
        assertEquals(List.of(500, 429, 201), browser.received().stream().map(PushReceiver.Received::answered).toList());
        assertTrue(pushRows(hold).get(0).startsWith("push:sent:3:"), pushRows(hold).toString());
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> browser.received().size() == 3);
        assertEquals(1, browser.accepted().size());
        assertEquals("Din reservation kan lånas", JSON.readTree(browser.accepted().get(0)).get("title").asText());
        String error = QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                "select coalesce(last_error, '') from notice where hold_id = ?1 and channel = 'push'").setParameter(1, hold).getSingleResult());
        assertEquals("", error, "sent clears the last failure");
    }

    @Test
    void eachSubscriptionGetsItsOwnPushAndTheExportAndErasureCoverThem() {
        TestPatron patron = Fixtures.patron();
        PushReceiver.Browser phone = subscribed(patron, "en");
        PushReceiver.Browser laptop = push.browser();
        given().auth().oauth2(patron.token()).contentType(ContentType.JSON).body(laptop.subscriptionJson())
                .when().post("/v1/me/push-subscriptions").then().statusCode(201);
        UUID hold = UUID.randomUUID();
        holdReady(UUID.randomUUID(), patron.id(), hold, UUID.randomUUID(), Instant.parse("2026-12-03T12:00:00Z"));
        await().atMost(WAIT).until(() -> phone.accepted().size() == 1 && laptop.accepted().size() == 1);

        given().auth().oauth2(patron.token()).when().get("/v1/patrons/me/export")
                .then().statusCode(200)
                .body("pushSubscriptions.endpoint", containsInAnyOrder(phone.endpoint, laptop.endpoint))
                .body("notices.findAll { it.channel == 'push' }.status", equalTo(List.of("sent", "sent")))
                .body("noticeChoices.'hold-ready'", equalTo(List.of("in-app", "email", "push")));

        given().auth().oauth2(patron.token()).when().delete("/v1/patrons/me").then().statusCode(202);
        long left = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from push_subscription where endpoint in (?1, ?2)").setParameter(1, phone.endpoint)
                .setParameter(2, laptop.endpoint).getSingleResult()).longValue());
        assertEquals(0, left, "the erasure took the subscriptions");
        assertTrue(pushRows(hold).isEmpty());
    }

    // --- helpers ---

    private PushReceiver.Browser subscribed(TestPatron patron, String language) {
        given().auth().oauth2(patron.token()).contentType(ContentType.JSON).body(Map.of("language", language))
                .when().patch("/v1/patrons/me").then().statusCode(200);
        PushReceiver.Browser browser = push.browser();
        given().auth().oauth2(patron.token()).contentType(ContentType.JSON).body(browser.subscriptionJson())
                .when().post("/v1/me/push-subscriptions").then().statusCode(201);
        return browser;
    }

    private static String header(PushReceiver.Received received, String name) {
        return received.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }

    static void holdReady(UUID eventId, String patronId, UUID holdId, UUID publicationId, Instant readyUntil) {
        TestKafka.sendCloudEvent(Topics.LOAN, publicationId.toString(), eventId, EventTypes.HOLD_READY, "urn:lainaamo:loan-service",
                "{\"holdId\":\"" + holdId + "\",\"patronId\":\"" + patronId + "\",\"publicationId\":\"" + publicationId
                        + "\",\"readyUntil\":\"" + readyUntil + "\"}");
    }

    static void holdExpired(UUID eventId, String patronId, UUID holdId, UUID publicationId, Instant at) {
        TestKafka.sendCloudEvent(Topics.LOAN, publicationId.toString(), eventId, EventTypes.HOLD_EXPIRED, "urn:lainaamo:loan-service",
                "{\"holdId\":\"" + holdId + "\",\"patronId\":\"" + patronId + "\",\"publicationId\":\"" + publicationId
                        + "\",\"at\":\"" + at + "\"}");
    }

    private boolean processed(UUID eventId) {
        return QuarkusTransaction.requiringNew().call(() -> !em.createNativeQuery("select 1 from processed_event where event_id = ?1")
                .setParameter(1, eventId).getResultList().isEmpty());
    }

    /** The hold's push notices as "push:status:attempts:id". */
    private List<String> pushRows(UUID hold) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("select channel, status, attempts, id from notice where hold_id = ?1 and channel = 'push' order by created_at, id")
                    .setParameter(1, hold).getResultList();
            return rows.stream().map(r -> r[0] + ":" + r[1] + ":" + r[2] + ":" + r[3]).toList();
        });
    }
}
