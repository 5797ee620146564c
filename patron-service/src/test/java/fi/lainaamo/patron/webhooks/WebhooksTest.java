package fi.lainaamo.patron.webhooks;

import fi.lainaamo.devinfra.MailServer;
import fi.lainaamo.devinfra.TestKafka;
import fi.lainaamo.devinfra.TestMailServer;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.Topics;
import fi.lainaamo.patron.Fixtures;
import fi.lainaamo.patron.Fixtures.TestPatron;
import fi.lainaamo.patron.webhooks.WebhookReceiverResource.PartnerReceiver;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Webhooks end to end: events from the real broker to a partner's real HTTP receiver, signed per Standard Webhooks,
 * retried after 500s and a timeout until each arrives once (after deduplicating by webhook-id), only the partner's own
 * library's patrons and pseudonymous; SSRF refusals; one app cannot see another's endpoint; replay; disabling.
 */
@QuarkusTest
@QuarkusTestResource(WebhookReceiverResource.class)
class WebhooksTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String LOAN_SERVICE = "urn:lainaamo:loan-service";

    @PartnerReceiver
    Receiver receiver;

    @TestMailServer
    MailServer mail;

    @Test
    void aPartnerGetsItsOwnLibrarysEventsSignedAndOnceEachThroughFailuresAndATimeout() {
        String municipalityA = Fixtures.municipality();
        String libraryA = Fixtures.library(municipalityA);
        TestPatron ours = Fixtures.patronOf(libraryA, municipalityA);
        TestPatron theirs = Fixtures.patron(); // another library's patron
        String token = appToken(libraryA, "webhooks:manage", "catalogue:read", "loans:read-own-library");

        String path = receiver.path("own-library", 200, 500, 500, Receiver.TIMEOUT);
        JsonPath registered = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("url", receiver.url(path), "description", "Kirjastojärjestelmä",
                        "eventTypes", List.of("publication.upserted.v1", "hold.placed.v1", "hold.ready.v1", "loan.started.v1")))
                .when().post("/v1/webhooks")
                .then().statusCode(201).header("Cache-Control", "no-store")
                .body("endpoint.status", equalTo("enabled"))
                .body("secret", startsWith("whsec_"))
                .extract().jsonPath();
        String secret = registered.getString("secret");
        assertTrue(Base64.getDecoder().decode(secret.substring(6)).length >= 24);
        receiver.secret(path, secret);
        String endpoint = registered.getString("endpoint.id");
        // the secret is shown once
        given().auth().oauth2(token).when().get("/v1/webhooks/" + endpoint).then().statusCode(200)
                .body("url", equalTo(receiver.url(path))).body("$", not(org.hamcrest.Matchers.hasKey("secret")));

        UUID book = UUID.randomUUID();
        UUID placed = UUID.randomUUID();
        UUID ready = UUID.randomUUID();
        UUID started = UUID.randomUUID();
        UUID othersLoan = UUID.randomUUID();
        UUID upserted = UUID.randomUUID();
        UUID hold = UUID.randomUUID();
        send(Topics.LOAN, book, placed, EventTypes.HOLD_PLACED, LOAN_SERVICE, "{\"holdId\":\"" + hold + "\",\"patronId\":\"" + ours.id()
                + "\",\"publicationId\":\"" + book + "\",\"municipality\":\"" + municipalityA + "\",\"placedAt\":\"2026-11-30T08:00:00Z\"}");
        String holdReady = "{\"holdId\":\"" + hold + "\",\"patronId\":\"" + ours.id() + "\",\"publicationId\":\"" + book
                + "\",\"readyUntil\":\"2026-12-03T12:00:00Z\"}";
        send(Topics.LOAN, book, ready, EventTypes.HOLD_READY, LOAN_SERVICE, holdReady);
        send(Topics.LOAN, book, ready, EventTypes.HOLD_READY, LOAN_SERVICE, holdReady); // the broker delivers it again
        UUID other = UUID.randomUUID();
        send(Topics.LOAN, other, othersLoan, EventTypes.LOAN_STARTED, LOAN_SERVICE, loanStarted(theirs, other));
        UUID another = UUID.randomUUID();
        send(Topics.LOAN, another, started, EventTypes.LOAN_STARTED, LOAN_SERVICE, loanStarted(ours, another));
        UUID title = UUID.randomUUID();
        send(Topics.CATALOG, title, upserted, EventTypes.PUBLICATION_UPSERTED, "urn:lainaamo:catalog-service",
                "{\"publicationId\":\"" + title + "\",\"title\":\"Seitsemän veljestä\",\"format\":\"EBOOK\",\"language\":\"fi\"}");

        Set<String> expected = Set.of(placed.toString(), ready.toString(), started.toString(), upserted.toString());
        await().atMost(WAIT).until(() -> receiver.accepted(path).equals(expected));
        await().atMost(WAIT).until(() -> deliveries(token, endpoint).getList("items.status").equals(List.of("sent", "sent", "sent", "sent")));

        List<Receiver.Request> requests = receiver.requests(path);
        assertTrue(requests.stream().allMatch(Receiver.Request::signatureValid), "every request is signed with the endpoint's secret");
        assertTrue(requests.size() >= expected.size() + 3, "two 500s and a timeout were retried: " + requests.size());
        assertTrue(requests.stream().noneMatch(r -> r.id().equals(othersLoan.toString())), "another library's patron's loan");
        assertTrue(requests.stream().noneMatch(r -> r.body().contains(ours.id()) || r.body().contains(theirs.id())), "no patron ids");
        // a retry has the same webhook-id and the same body
        Map<String, String> bodies = new HashMap<>();
        for (Receiver.Request r : requests) {
            assertEquals(bodies.computeIfAbsent(r.id(), k -> r.body()), r.body());
        }
        // per-endpoint order by key: the hold's ready event is not tried before its placed event was accepted
        int placedAccepted = indexOf(requests, placed, true);
        int firstReady = indexOf(requests, ready, false);
        assertTrue(placedAccepted < firstReady, "hold placed (" + placedAccepted + ") before hold ready (" + firstReady + ")");

        JsonPath readyBody = JsonPath.from(bodies.get(ready.toString()));
        assertEquals("hold.ready.v1", readyBody.getString("type"));
        assertEquals(ready.toString(), readyBody.getString("id"));
        assertEquals(hold.toString(), readyBody.getString("data.holdId"));
        assertEquals(municipalityA, readyBody.getString("data.municipality"));
        assertFalse(readyBody.getMap("data").containsKey("patronId"));
        String pseudonym = readyBody.getString("data.patron");
        assertEquals(43, pseudonym.length(), "base64url of an HMAC-SHA256");
        assertEquals(pseudonym, JsonPath.from(bodies.get(placed.toString())).getString("data.patron"), "one pseudonym per patron for the app");
        assertEquals(pseudonym, JsonPath.from(bodies.get(started.toString())).getString("data.patron"));
        JsonPath upsertedBody = JsonPath.from(bodies.get(upserted.toString()));
        assertEquals("publication.upserted.v1", upsertedBody.getString("type"));
        assertEquals("Seitsemän veljestä", upsertedBody.getString("data.title"));
        Instant.parse(upsertedBody.getString("timestamp"));

        // the delivery log shows the retries
        JsonPath log = deliveries(token, endpoint);
        assertEquals(expected, Set.copyOf(log.getList("items.eventId")));
        int attempts = log.getList("items.attempts", Integer.class).stream().mapToInt(Integer::intValue).sum();
        assertEquals(requests.size(), attempts, "every attempt is counted");
        assertTrue(log.getList("items.lastStatusCode", Integer.class).stream().allMatch(c -> c == 200));
        assertTrue(log.getList("items.findAll { it.attempts > 1 }").size() >= 1);
        // the failures in a row were fewer than disable.after-failures (5): still enabled
        given().auth().oauth2(token).when().get("/v1/webhooks/" + endpoint).then().body("status", equalTo("enabled"))
                .body("consecutiveFailures", equalTo(0));
    }

    @Test
    void urlsThatCouldReachInsideAndForeignEndpointsAreRefused() {
        String library = Fixtures.library(Fixtures.municipality());
        String token = appToken(library, "webhooks:manage", "catalogue:read");
        String path = receiver.path("mine", 200);
        String endpoint = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("url", receiver.url(path), "eventTypes", List.of("publication.withdrawn.v1")))
                .when().post("/v1/webhooks").then().statusCode(201).extract().path("endpoint.id");

        for (Map.Entry<String, String> refused : Map.of(
                "https://127.0.0.1/hooks", "private-address",
                "https://10.1.2.3:8443/hooks", "private-address",
                "https://[::1]/hooks", "private-address",
                "https://169.254.169.254/latest/meta-data", "private-address",
                "http://partner.example/hooks", "https-required",
                "http://localhost:8084/v1/loans", "https-required",
                "ftp://partner.example/hooks", "invalid-url").entrySet()) {
            given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body(Map.of("url", refused.getKey(), "eventTypes", List.of("publication.upserted.v1")))
                    .when().post("/v1/webhooks")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("code", equalTo(refused.getValue())).body("errors[0].field", equalTo("url"));
            given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("url", refused.getKey()))
                    .when().patch("/v1/webhooks/" + endpoint).then().statusCode(400).body("code", equalTo(refused.getValue()));
        }
        // types the app's scopes do not cover, and types there are not
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("url", receiver.url(path), "eventTypes", List.of("licence.added.v1", "loan.started.v1")))
                .when().post("/v1/webhooks")
                .then().statusCode(403).body("code", equalTo("event-type-not-allowed"))
                .body("errors.code", equalTo(List.of("event-type-not-allowed", "event-type-not-allowed")));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("url", receiver.url(path), "eventTypes", List.of("patron.registered.v1")))
                .when().post("/v1/webhooks").then().statusCode(422).body("code", equalTo("unknown-event-type"));
        // an app without webhooks:manage, a patron, nobody
        String reader = appToken(library, "catalogue:read");
        given().auth().oauth2(reader).when().get("/v1/webhooks").then().statusCode(403).body("code", equalTo("scope-required"));
        given().auth().oauth2(Fixtures.patron().token()).when().get("/v1/webhooks").then().statusCode(403);
        given().when().get("/v1/webhooks").then().statusCode(401);

        // another app sees nothing of it
        String otherApp = appToken(library, "webhooks:manage", "catalogue:read");
        given().auth().oauth2(otherApp).when().get("/v1/webhooks").then().statusCode(200).body("$", hasSize(0));
        given().auth().oauth2(otherApp).when().get("/v1/webhooks/" + endpoint).then().statusCode(404).body("code", equalTo("webhook-not-found"));
        given().auth().oauth2(otherApp).contentType(ContentType.JSON).body(Map.of("enabled", false))
                .when().patch("/v1/webhooks/" + endpoint).then().statusCode(404);
        given().auth().oauth2(otherApp).when().get("/v1/webhooks/" + endpoint + "/deliveries").then().statusCode(404);
        given().auth().oauth2(otherApp).when().post("/v1/webhooks/" + endpoint + "/rotate-secret").then().statusCode(404);
        given().auth().oauth2(otherApp).contentType(ContentType.JSON).body(Map.of("from", "2026-01-01T00:00:00Z", "to", "2027-01-01T00:00:00Z"))
                .when().post("/v1/webhooks/" + endpoint + "/replay").then().statusCode(404);
        given().auth().oauth2(otherApp).when().delete("/v1/webhooks/" + endpoint).then().statusCode(404);
        given().auth().oauth2(token).when().get("/v1/webhooks").then().statusCode(200).body("id", equalTo(List.of(endpoint)));

        // the consortium admin sees every app's, and registers none
        String admin = Fixtures.adminToken();
        given().auth().oauth2(admin).when().get("/v1/webhooks").then().statusCode(200).body("id", hasItem(endpoint));
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("url", receiver.url(path), "eventTypes", List.of("publication.upserted.v1")))
                .when().post("/v1/webhooks").then().statusCode(403).body("code", equalTo("webhook-app-only"));

        given().auth().oauth2(token).when().delete("/v1/webhooks/" + endpoint).then().statusCode(204);
        given().auth().oauth2(token).when().get("/v1/webhooks/" + endpoint).then().statusCode(404);
    }

    @Test
    void licenceEventsNeedTheScopeAndARotatedSecretSignsFromThenOn() {
        String token = appToken(null, "webhooks:manage", "licences:read");
        String path = receiver.path("licences", 200);
        JsonPath registered = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("url", receiver.url(path), "eventTypes", List.of("licence.added.v1")))
                .when().post("/v1/webhooks").then().statusCode(201).extract().jsonPath();
        String endpoint = registered.getString("endpoint.id");
        String rotated = given().auth().oauth2(token).when().post("/v1/webhooks/" + endpoint + "/rotate-secret")
                .then().statusCode(200).header("Cache-Control", "no-store").extract().path("secret");
        assertNotEquals(registered.getString("secret"), rotated);
        receiver.secret(path, rotated);

        UUID title = UUID.randomUUID();
        UUID added = UUID.randomUUID();
        send(Topics.LICENCE, title, added, EventTypes.LICENCE_ADDED, "urn:lainaamo:license-service",
                "{\"licenceId\":\"" + UUID.randomUUID() + "\",\"publicationId\":\"" + title + "\",\"concurrency\":2,\"checkouts\":null,"
                        + "\"expires\":null,\"maxLoanDays\":null}");
        await().atMost(WAIT).until(() -> receiver.accepted(path).equals(Set.of(added.toString())));
        Receiver.Request request = receiver.requests(path).get(0);
        assertTrue(request.signatureValid(), "signed with the new secret");
        assertEquals(2, request.signature().split(" ").length, "and, for a while, with the previous one");
        assertTrue(Receiver.verify(registered.getString("secret"), request.id(), String.valueOf(request.timestamp()), request.body(),
                request.signature()), "a receiver that still has the previous secret verifies it");
        assertEquals("licence.added.v1", JsonPath.from(receiver.requests(path).get(0).body()).getString("type"));
    }

    @Test
    void aReplaySendsTheEventsOfTheRangeAgain() {
        String token = appToken(null, "webhooks:manage", "catalogue:read");
        String path = receiver.path("replay", 200);
        JsonPath registered = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("url", receiver.url(path), "eventTypes", List.of("publication.withdrawn.v1")))
                .when().post("/v1/webhooks").then().statusCode(201).extract().jsonPath();
        receiver.secret(path, registered.getString("secret"));
        String endpoint = registered.getString("endpoint.id");

        UUID first = withdrawn();
        await().atMost(WAIT).until(() -> receiver.accepted(path).equals(Set.of(first.toString())));
        Instant between = Instant.now();
        UUID second = withdrawn();
        await().atMost(WAIT).until(() -> receiver.accepted(path).size() == 2);
        await().atMost(WAIT).until(() -> deliveries(token, endpoint).getList("items.status").equals(List.of("sent", "sent")));

        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("from", between.toString(), "to", Instant.now().plusSeconds(60).toString()))
                .when().post("/v1/webhooks/" + endpoint + "/replay").then().statusCode(200).body("queued", equalTo(1));
        await().atMost(WAIT).until(() -> receiver.requests(path).size() == 3);
        assertEquals(second.toString(), receiver.requests(path).get(2).id(), "the replay has the event's own webhook-id");
        assertTrue(receiver.requests(path).get(2).signatureValid());
        await().atMost(WAIT).until(() -> deliveries(token, endpoint).getList("items.status").equals(List.of("sent", "sent")));
        given().auth().oauth2(token).when().get("/v1/webhooks/" + endpoint + "/deliveries")
                .then().body("items.replays", equalTo(List.of(1, 0)));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("from", Instant.now().plusSeconds(60).toString(), "to", between.toString()))
                .when().post("/v1/webhooks/" + endpoint + "/replay").then().statusCode(422).body("code", equalTo("invalid-range"));
        // the log pages
        String next = given().auth().oauth2(token).queryParam("limit", 1).when().get("/v1/webhooks/" + endpoint + "/deliveries")
                .then().statusCode(200).body("items.eventId", equalTo(List.of(second.toString()))).extract().path("next");
        given().auth().oauth2(token).queryParam("limit", 1).queryParam("after", next).when().get("/v1/webhooks/" + endpoint + "/deliveries")
                .then().statusCode(200).body("items.eventId", equalTo(List.of(first.toString()))).body("next", equalTo(null));
    }

    @Test
    void anEndpointThatKeepsFailingIsDisabledTheAdminIsToldAndItCanBeEnabledAgain() {
        String token = appToken(null, "webhooks:manage", "catalogue:read");
        String path = receiver.path("failing", 500);
        JsonPath registered = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("url", receiver.url(path), "eventTypes", List.of("publication.withdrawn.v1")))
                .when().post("/v1/webhooks").then().statusCode(201).extract().jsonPath();
        receiver.secret(path, registered.getString("secret"));
        String endpoint = registered.getString("endpoint.id");

        UUID first = withdrawn();
        UUID second = withdrawn();
        String admin = Fixtures.adminToken();
        await().atMost(WAIT).until(() -> given().auth().oauth2(admin).queryParam("status", "disabled").when().get("/v1/webhooks")
                .then().statusCode(200).extract().jsonPath().getList("id").contains(endpoint));
        given().auth().oauth2(admin).when().get("/v1/webhooks/" + endpoint).then().statusCode(200)
                .body("status", equalTo("disabled")).body("disabledReason", equalTo("keeps-failing"));
        await().atMost(WAIT).until(() -> mail.messagesTo("webhook-admin@example.fi").stream().anyMatch(m -> m.text().contains(endpoint)));
        int triedWhileEnabled = receiver.requests(path).size();
        assertTrue(triedWhileEnabled >= 5, "disabled after 5 failures in a row: " + triedWhileEnabled);
        assertTrue(receiver.accepted(path).isEmpty());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> receiver.requests(path).size() == triedWhileEnabled);
        given().auth().oauth2(token).when().get("/v1/webhooks/" + endpoint + "/deliveries").then().statusCode(200)
                .body("items.lastStatusCode", everyItem(equalTo(500)))
                .body("items.lastError", everyItem(equalTo("HTTP 500")));

        // the receiver is fixed: the app enables the endpoint and what waited arrives
        receiver.answer(path, 200);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("enabled", true))
                .when().patch("/v1/webhooks/" + endpoint).then().statusCode(200)
                .body("status", equalTo("enabled")).body("disabledReason", equalTo(null)).body("consecutiveFailures", equalTo(0));
        await().atMost(WAIT).until(() -> receiver.accepted(path).equals(Set.of(first.toString(), second.toString())));
        assertEquals(1, mail.messagesTo("webhook-admin@example.fi").stream().filter(m -> m.text().contains(endpoint)).count(), "told once");
    }

    @Test
    void anErasedPatronsDeliveriesGoWithTheErasureAndTheirLaterEventsGoNowhere() {
        String municipality = Fixtures.municipality();
        String library = Fixtures.library(municipality);
        TestPatron leaving = Fixtures.patronOf(library, municipality);
        TestPatron staying = Fixtures.patronOf(library, municipality);
        String token = appToken(library, "webhooks:manage", "loans:read-own-library");
        String path = receiver.path("erasure", 503); // the partner is away: the deliveries stay queued
        String endpoint = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("url", receiver.url(path), "eventTypes", List.of("hold.placed.v1")))
                .when().post("/v1/webhooks").then().statusCode(201).extract().path("endpoint.id");

        UUID book = UUID.randomUUID();
        UUID leavingHold = holdPlaced(leaving, book);
        UUID stayingHold = holdPlaced(staying, book);
        await().atMost(WAIT).until(() -> deliveries(token, endpoint).getList("items.eventId").size() == 2);

        given().auth().oauth2(leaving.token()).when().delete("/v1/patrons/me").then().statusCode(202);
        assertEquals(List.of(stayingHold.toString()), deliveries(token, endpoint).getList("items.eventId"));

        UUID late = holdPlaced(leaving, book); // loan-service had not yet heard of the erasure
        UUID after = holdPlaced(staying, book); // same key, so consumed after it
        await().atMost(WAIT).until(() -> deliveries(token, endpoint).getList("items.eventId").contains(after.toString()));
        List<String> events = deliveries(token, endpoint).getList("items.eventId");
        assertFalse(events.contains(late.toString()) || events.contains(leavingHold.toString()), events.toString());
        assertTrue(receiver.requests(path).stream().noneMatch(r -> r.id().equals(late.toString())), "the late event was never sent");
    }

    // --- helpers ---

    /** A partner app registered by the admin with the scopes, and its client-credentials token. */
    private static String appToken(String libraryId, String... scopes) {
        Map<String, Object> app = new HashMap<>(Map.of("name", "Kumppani " + UUID.randomUUID().toString().substring(0, 6), "scopes", List.of(scopes)));
        if (libraryId != null) {
            app.put("libraryId", libraryId);
        }
        JsonPath credentials = given().auth().oauth2(Fixtures.adminToken()).contentType(ContentType.JSON).body(app)
                .when().post("/v1/partner-apps").then().statusCode(201).extract().jsonPath();
        return given().contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", credentials.getString("clientId"))
                .formParam("client_secret", credentials.getString("clientSecret"))
                .when().post("/v1/oauth/token").then().statusCode(200).extract().path("access_token");
    }

    private static JsonPath deliveries(String token, String endpoint) {
        return given().auth().oauth2(token).when().get("/v1/webhooks/" + endpoint + "/deliveries").then().statusCode(200).extract().jsonPath();
    }

    private static void send(String topic, UUID key, UUID id, String type, String source, String json) {
        TestKafka.sendCloudEvent(topic, key.toString(), id, type, source, json);
    }

    private static String loanStarted(TestPatron patron, UUID publication) {
        return "{\"loanId\":\"" + UUID.randomUUID() + "\",\"patronId\":\"" + patron.id() + "\",\"publicationId\":\"" + publication
                + "\",\"municipality\":\"" + patron.municipality() + "\",\"libraryId\":\"" + patron.libraryId()
                + "\",\"startedAt\":\"2026-11-30T08:00:00Z\",\"dueAt\":\"2026-12-21T08:00:00Z\"}";
    }

    private static UUID holdPlaced(TestPatron patron, UUID book) {
        UUID id = UUID.randomUUID();
        send(Topics.LOAN, book, id, EventTypes.HOLD_PLACED, LOAN_SERVICE, "{\"holdId\":\"" + UUID.randomUUID() + "\",\"patronId\":\""
                + patron.id() + "\",\"publicationId\":\"" + book + "\",\"placedAt\":\"2026-11-30T08:00:00Z\"}");
        return id;
    }

    private static UUID withdrawn() {
        UUID id = UUID.randomUUID();
        UUID title = UUID.randomUUID();
        send(Topics.CATALOG, title, id, EventTypes.PUBLICATION_WITHDRAWN, "urn:lainaamo:catalog-service",
                "{\"publicationId\":\"" + title + "\",\"reason\":\"rights-ended\",\"withdrawnAt\":\"2026-11-30T08:00:00Z\"}");
        return id;
    }

    private static int indexOf(List<Receiver.Request> requests, UUID id, boolean accepted) {
        List<Receiver.Request> all = new ArrayList<>(requests);
        for (int i = 0; i < all.size(); i++) {
            Receiver.Request r = all.get(i);
            if (r.id().equals(id.toString()) && (!accepted || r.answered() == 200)) {
                return i;
            }
        }
        return -1;
    }
}
