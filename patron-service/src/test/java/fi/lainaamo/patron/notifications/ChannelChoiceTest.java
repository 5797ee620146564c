package fi.lainaamo.patron.notifications;

import fi.lainaamo.devinfra.MailServer;
import fi.lainaamo.devinfra.TestMailServer;
import fi.lainaamo.patron.Fixtures;
import fi.lainaamo.patron.Fixtures.TestPatron;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Channels chosen per occasion in the profile: the defaults are all three channels where they can reach the patron,
 * a choice is honoured for its occasion only, the old notifications switches stay master switches, and unknown
 * occasions or channels are refused.
 */
@QuarkusTest
class ChannelChoiceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> ALL = List.of("in-app", "email", "push");

    @TestMailServer
    MailServer mail;

    @TestPushReceiver
    PushReceiver push;

    @Inject
    EntityManager em;

    @Test
    void byDefaultEveryChannelThatCanReachThePatronIsTold() {
        String address = "kaikki-" + UUID.randomUUID().toString().substring(0, 8) + "@example.fi";
        TestPatron patron = Fixtures.patron();
        given().auth().oauth2(patron.token()).when().get("/v1/patrons/me")
                .then().statusCode(200)
                .body("notices.keySet()", containsInAnyOrder("hold-ready", "hold-expired", "hold-ready-reminder", "loan-due", "loan-expired", "licence-withdrawn"))
                .body("notices.'hold-ready'", equalTo(ALL))
                .body("notices.'loan-due'", equalTo(ALL));
        UUID onlyInbox = UUID.randomUUID();
        told(patron, onlyInbox);
        assertEquals(List.of("in-app"), channels(onlyInbox), "no address, no subscription: the inbox only");

        patch(patron, Map.of("email", address)).then().statusCode(200);
        PushReceiver.Browser browser = subscribe(patron);
        UUID everywhere = UUID.randomUUID();
        told(patron, everywhere);
        assertEquals(List.of("email", "in-app", "push"), channels(everywhere));
        await().atMost(WAIT).until(() -> mail.messagesTo(address).size() == 1 && browser.accepted().size() == 1);
    }

    @Test
    void aChoiceIsHonouredForItsOccasionOnlyAndTheOldSwitchesStayMasterSwitches() {
        String address = "valikoiva-" + UUID.randomUUID().toString().substring(0, 8) + "@example.fi";
        TestPatron patron = Fixtures.patron();
        patch(patron, Map.of("email", address)).then().statusCode(200);
        PushReceiver.Browser browser = subscribe(patron);

        patch(patron, Map.of("notices", Map.of("hold-ready", List.of("push"), "hold-expired", List.of("email", "in-app"))))
                .then().statusCode(200)
                .body("notices.'hold-ready'", equalTo(List.of("push")))
                .body("notices.'hold-expired'", equalTo(List.of("in-app", "email")))
                .body("notices.'loan-due'", equalTo(ALL));
        given().auth().oauth2(patron.token()).when().get("/v1/patrons/me")
                .then().body("notices.'hold-ready'", equalTo(List.of("push"))).body("notifications.email", equalTo(true));

        UUID ready = UUID.randomUUID();
        told(patron, ready);
        assertEquals(List.of("push"), channels(ready));
        UUID expired = UUID.randomUUID();
        expired(patron, expired);
        assertEquals(List.of("email", "in-app"), channels(expired));
        await().atMost(WAIT).until(() -> browser.accepted().size() == 1 && mail.messagesTo(address).size() == 1);

        // a change names only the occasions it changes; [] is none, null back to the default
        Map<String, Object> change = new HashMap<>();
        change.put("hold-ready", null);
        change.put("loan-due", List.of());
        patch(patron, Map.of("notices", change)).then().statusCode(200)
                .body("notices.'hold-ready'", equalTo(ALL))
                .body("notices.'hold-expired'", equalTo(List.of("in-app", "email")))
                .body("notices.'loan-due'", equalTo(List.of()));

        // the master switches still turn a channel off for every occasion
        patch(patron, Map.of("notifications", Map.of("email", false, "inApp", false))).then().statusCode(200)
                .body("notices.'hold-expired'", equalTo(List.of("in-app", "email")));
        UUID quiet = UUID.randomUUID();
        expired(patron, quiet);
        assertEquals(List.of(), channels(quiet));
        UUID pushOnly = UUID.randomUUID();
        told(patron, pushOnly);
        assertEquals(List.of("push"), channels(pushOnly));
    }

    @Test
    void unknownOccasionsAndChannelsAreRefusedAndChangeNothing() {
        TestPatron patron = Fixtures.patron();
        List<String> withUnknown = new ArrayList<>(List.of("in-app", "sms"));
        patch(patron, Map.of("language", "sv", "notices", Map.of("hold-ready", withUnknown, "birthday", List.of("email"))))
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("invalid-request"))
                .body("errors.code", containsInAnyOrder("unknown-channel", "unknown-occasion"))
                .body("errors.find { it.code == 'unknown-channel' }.field", equalTo("notices.hold-ready"))
                .body("errors.find { it.code == 'unknown-occasion' }.detail", org.hamcrest.Matchers.containsString("birthday"));
        given().auth().oauth2(patron.token()).when().get("/v1/patrons/me")
                .then().body("language", equalTo("fi")).body("notices.'hold-ready'", equalTo(ALL));
        patch(patron, Map.of("notices", Map.of("hold-ready", List.of("email", "email", "push", "in-app")))).then().statusCode(400);
        given().auth().oauth2(patron.token()).contentType(ContentType.JSON).body("{\"notices\": {\"hold-ready\": \"email\"}}")
                .when().patch("/v1/patrons/me").then().statusCode(400);
    }

    // --- helpers ---

    private static io.restassured.response.Response patch(TestPatron patron, Map<String, ?> body) {
        return given().auth().oauth2(patron.token()).contentType(ContentType.JSON).body(body).when().patch("/v1/patrons/me");
    }

    private PushReceiver.Browser subscribe(TestPatron patron) {
        PushReceiver.Browser browser = push.browser();
        given().auth().oauth2(patron.token()).contentType(ContentType.JSON).body(browser.subscriptionJson())
                .when().post("/v1/me/push-subscriptions").then().statusCode(201);
        return browser;
    }

    private void told(TestPatron patron, UUID hold) {
        UUID event = UUID.randomUUID();
        WebPushTest.holdReady(event, patron.id(), hold, UUID.randomUUID(), Instant.parse("2026-12-03T12:00:00Z"));
        await().atMost(WAIT).until(() -> processed(event));
    }

    private void expired(TestPatron patron, UUID hold) {
        UUID event = UUID.randomUUID();
        WebPushTest.holdExpired(event, patron.id(), hold, UUID.randomUUID(), Instant.parse("2026-07-01T06:05:00Z"));
        await().atMost(WAIT).until(() -> processed(event));
    }

    private boolean processed(UUID eventId) {
        return QuarkusTransaction.requiringNew().call(() -> !em.createNativeQuery("select 1 from processed_event where event_id = ?1")
                .setParameter(1, eventId).getResultList().isEmpty());
    }

    /** The channels the hold's occasion was written for, sorted. */
    private List<String> channels(UUID hold) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<String> rows = em.createNativeQuery("select channel from notice where hold_id = ?1 order by channel")
                    .setParameter(1, hold).getResultList();
            return rows;
        });
    }
}
