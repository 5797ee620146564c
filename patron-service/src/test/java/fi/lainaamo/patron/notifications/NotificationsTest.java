package fi.lainaamo.patron.notifications;

import com.github.tomakehurst.wiremock.WireMockServer;
import fi.lainaamo.devinfra.MailServer;
import fi.lainaamo.devinfra.TestKafka;
import fi.lainaamo.devinfra.TestMailServer;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.Topics;
import fi.lainaamo.patron.Fixtures;
import fi.lainaamo.patron.Fixtures.TestPatron;
import fi.lainaamo.patron.LoanServiceMock;
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
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hold ready and hold expired, from loan-service's topic on the real broker to the patron's inbox and to a real SMTP
 * server: once each, in the patron's language, only to the patron concerned, and after the SMTP server comes back.
 */
@QuarkusTest
class NotificationsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TestMailServer
    MailServer mail;

    /** Also answers for catalog-service's title pages. */
    @LoanServiceMock
    WireMockServer stubs;

    @Inject
    EntityManager em;

    @Test
    void aReadyHoldIsOneEmailInThePatronsLanguageAndOneInboxEntryHoweverOftenTheEventComes() {
        String address = address("lukija");
        TestPatron patron = withEmail("fi", address);
        UUID publication = UUID.randomUUID();
        stubs.stubFor(get(urlPathEqualTo("/v1/publications/" + publication))
                .willReturn(okJson("{\"id\":\"" + publication + "\",\"title\":\"Seitsemän veljestä\",\"format\":\"EBOOK\"}")));
        UUID hold = UUID.randomUUID();
        UUID event = UUID.randomUUID();
        Instant readyUntil = Instant.parse("2026-12-03T12:00:00Z"); // 14.00 in Helsinki

        holdReady(event, patron.id(), hold, publication, readyUntil);

        await().atMost(WAIT).until(() -> mail.messagesTo(address).size() == 1);
        MailServer.ReceivedMail sent = mail.messagesTo(address).get(0);
        assertEquals("Lainattavissa: Seitsemän veljestä", sent.subject());
        assertEquals("fi", sent.contentLanguage());
        assertTrue(sent.text().contains("\"Seitsemän veljestä\" odottaa sinua nyt Lainaamossa"), sent.text());
        assertTrue(sent.text().contains("Lainaa se viimeistään 3.12.2026 klo 14.00"), sent.text());
        // the language's frame (templates/notices/frame_fi.txt): the signature after the message, once
        assertTrue(sent.text().replace("\r\n", "\n").contains("kirjaston verkkosivuilla.\n\n-- \nLainaamo, yleisten kirjastojen e-kirjasto"), sent.text());
        assertTrue(sent.html().contains("<strong>Seitsemän veljestä</strong>"), sent.html());
        assertTrue(sent.html().contains("<html lang=\"fi\">"), sent.html());
        assertNotNull(sent.noticeId());

        given().auth().oauth2(patron.token()).when().get("/v1/me/notifications")
                .then().statusCode(200)
                .body("items", hasSize(1))
                .body("unread", equalTo(1))
                .body("next", nullValue())
                .body("items[0].occasion", equalTo("hold-ready"))
                .body("items[0].text", equalTo("Varauksesi on lainattavissa. Lainaa se viimeistään 3.12.2026 klo 14.00."))
                .body("items[0].publicationId", equalTo(publication.toString()))
                .body("items[0].holdId", equalTo(hold.toString()))
                .body("items[0].readyUntil", equalTo("2026-12-03T12:00:00Z"))
                .body("items[0].createdAt", notNullValue())
                .body("items[0].readAt", nullValue());

        // the same event delivered again, then the same occasion under another event id (a replay): the second is
        // on the same key, so once it is processed the redelivery before it has been too
        holdReady(event, patron.id(), hold, publication, readyUntil);
        UUID replay = UUID.randomUUID();
        holdReady(replay, patron.id(), hold, publication, readyUntil);
        await().atMost(WAIT).until(() -> processed(replay));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> mail.messagesTo(address).size() == 1);
        given().auth().oauth2(patron.token()).when().get("/v1/me/notifications")
                .then().statusCode(200).body("items", hasSize(1));
        assertEquals(List.of("email:sent:1", "in-app:-:0"), rows(hold));
    }

    @Test
    void anExpiredHoldIsToldInSwedishWithTheGenericWordingWhenTheCatalogueDoesNotKnowTheTitle() {
        String address = address("lasare");
        TestPatron patron = withEmail("sv", address);
        UUID hold = UUID.randomUUID();
        Instant expiredAt = Instant.parse("2026-07-01T06:05:00Z"); // 9.05 in Helsinki (summer time)

        holdExpired(UUID.randomUUID(), patron.id(), hold, UUID.randomUUID(), expiredAt); // no title page: catalog answers 404

        await().atMost(WAIT).until(() -> mail.messagesTo(address).size() == 1);
        MailServer.ReceivedMail sent = mail.messagesTo(address).get(0);
        assertEquals("Din reservation har gått ut", sent.subject());
        assertEquals("sv", sent.contentLanguage());
        assertTrue(sent.text().contains("Din reservation av en titel gick ut 1.7.2026 kl. 9.05"), sent.text());
        given().auth().oauth2(patron.token()).when().get("/v1/me/notifications")
                .then().statusCode(200)
                .body("items[0].occasion", equalTo("hold-expired"))
                .body("items[0].expiredAt", equalTo("2026-07-01T06:05:00Z"))
                .body("items[0].readyUntil", nullValue())
                .body("items[0].text", equalTo("Din reservation gick ut 1.7.2026 kl. 9.05 eftersom den inte lånades i tid. "
                        + "Du kan göra en ny reservation."));
    }

    @Test
    void anEmailWaitsForTheSmtpServerAndIsSentOnceWhenItIsBack() {
        String address = address("reader");
        TestPatron patron = withEmail("en", address);
        UUID hold = UUID.randomUUID();
        mail.stop();
        try {
            holdReady(UUID.randomUUID(), patron.id(), hold, UUID.randomUUID(), Instant.parse("2026-12-03T12:00:00Z"));
            // refused at least twice, and still waiting for another attempt
            await().atMost(WAIT).until(() -> attempts(hold) >= 2);
            assertEquals(List.of("email:pending", "in-app:-"), rows(hold).stream().map(r -> r.substring(0, r.lastIndexOf(':'))).toList());
            String lastError = QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                    "select last_error from notice where hold_id = ?1 and channel = 'email'").setParameter(1, hold).getSingleResult());
            assertNotNull(lastError);
            assertFalse(lastError.contains(address), "no address in the recorded failure");
            // the inbox does not wait for the SMTP server
            given().auth().oauth2(patron.token()).when().get("/v1/me/notifications").then().statusCode(200).body("items", hasSize(1));
        } finally {
            mail.startAgain();
        }
        await().atMost(WAIT).until(() -> mail.messagesTo(address).size() == 1);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> mail.messagesTo(address).size() == 1);
        MailServer.ReceivedMail sent = mail.messagesTo(address).get(0);
        assertEquals("Your hold is ready to borrow", sent.subject());
        assertTrue(sent.text().contains("Borrow it by 3 December 2026 at 14:00"), sent.text());
        assertTrue(rows(hold).get(0).startsWith("email:sent:"), rows(hold).toString());
    }

    @Test
    void aPatronSeesAndReadsOnlyTheirOwnNotices() {
        TestPatron owner = Fixtures.patron(); // no e-mail address: the inbox only
        TestPatron other = Fixtures.patron();
        UUID hold = UUID.randomUUID();
        holdReady(UUID.randomUUID(), owner.id(), hold, UUID.randomUUID(), Instant.parse("2026-12-03T12:00:00Z"));
        await().atMost(WAIT).until(() -> !rows(hold).isEmpty());
        assertEquals(List.of("in-app:-:0"), rows(hold), "no e-mail without an address");
        String id = given().auth().oauth2(owner.token()).when().get("/v1/me/notifications")
                .then().statusCode(200).body("items", hasSize(1)).extract().path("items[0].id");

        given().auth().oauth2(other.token()).when().get("/v1/me/notifications")
                .then().statusCode(200).body("items", hasSize(0)).body("unread", equalTo(0));
        given().auth().oauth2(other.token()).when().post("/v1/me/notifications/" + id + "/read")
                .then().statusCode(404).contentType("application/problem+json").body("code", equalTo("notice-not-found"));
        given().auth().oauth2(other.token()).queryParam("after", id).when().get("/v1/me/notifications")
                .then().statusCode(400).body("errors[0].code", equalTo("invalid-cursor"));
        given().auth().oauth2(owner.token()).when().get("/v1/me/notifications").then().body("items[0].readAt", nullValue());

        String readAt = given().auth().oauth2(owner.token()).when().post("/v1/me/notifications/" + id + "/read")
                .then().statusCode(200).body("id", equalTo(id)).body("readAt", notNullValue()).extract().path("readAt");
        given().auth().oauth2(owner.token()).when().post("/v1/me/notifications/" + id + "/read")
                .then().statusCode(200).body("readAt", equalTo(readAt));
        given().auth().oauth2(owner.token()).when().get("/v1/me/notifications")
                .then().statusCode(200).body("unread", equalTo(0)).body("items[0].readAt", equalTo(readAt));
        // staff tokens have no inbox here
        given().auth().oauth2(Fixtures.adminToken()).when().get("/v1/me/notifications").then().statusCode(403);
        given().when().get("/v1/me/notifications").then().statusCode(401);
    }

    @Test
    void theInboxPagesNewestFirst() {
        TestPatron patron = Fixtures.patron();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID third = UUID.randomUUID();
        for (UUID hold : List.of(first, second, third)) {
            holdReady(UUID.randomUUID(), patron.id(), hold, UUID.randomUUID(), Instant.parse("2026-12-03T12:00:00Z"));
            await().atMost(WAIT).until(() -> !rows(hold).isEmpty()); // one after the other, so their order is known
        }
        String next = given().auth().oauth2(patron.token()).queryParam("limit", 2).when().get("/v1/me/notifications")
                .then().statusCode(200)
                .body("items.holdId", equalTo(List.of(third.toString(), second.toString())))
                .body("unread", equalTo(3))
                .extract().path("next");
        given().auth().oauth2(patron.token()).queryParam("limit", 2).queryParam("after", next).when().get("/v1/me/notifications")
                .then().statusCode(200)
                .body("items.holdId", equalTo(List.of(first.toString())))
                .body("next", nullValue());
        for (int limit : List.of(0, 101)) {
            given().auth().oauth2(patron.token()).queryParam("limit", limit).when().get("/v1/me/notifications")
                    .then().statusCode(400).contentType("application/problem+json");
        }
        given().auth().oauth2(patron.token()).queryParam("after", "not-a-notice").when().get("/v1/me/notifications")
                .then().statusCode(400).body("errors[0].code", equalTo("invalid-cursor"));
        given().auth().oauth2(patron.token()).when().post("/v1/me/notifications/not-a-uuid/read")
                .then().statusCode(org.hamcrest.Matchers.oneOf(400, 404)).contentType("application/problem+json");
    }

    @Test
    void theChannelsThePatronTurnedOffGetNothing() {
        String address = address("hiljainen");
        TestPatron patron = withEmail("fi", address);
        given().auth().oauth2(patron.token()).contentType(ContentType.JSON)
                .body(Map.of("notifications", Map.of("email", false, "inApp", false)))
                .when().patch("/v1/patrons/me").then().statusCode(200);
        UUID event = UUID.randomUUID();
        holdReady(event, patron.id(), UUID.randomUUID(), UUID.randomUUID(), Instant.parse("2026-12-03T12:00:00Z"));
        await().atMost(WAIT).until(() -> processed(event));
        given().auth().oauth2(patron.token()).when().get("/v1/me/notifications").then().statusCode(200).body("items", hasSize(0));
        assertTrue(mail.messagesTo(address).isEmpty());
    }

    @Test
    void theNoticesAreInTheExportAndGoWithTheErasure() {
        String address = address("poistuva");
        TestPatron patron = withEmail("en", address);
        UUID hold = UUID.randomUUID();
        holdReady(UUID.randomUUID(), patron.id(), hold, UUID.randomUUID(), Instant.parse("2026-12-03T12:00:00Z"));
        await().atMost(WAIT).until(() -> rows(hold).size() == 2 && rows(hold).get(0).startsWith("email:sent"));

        given().auth().oauth2(patron.token()).when().get("/v1/patrons/me/export")
                .then().statusCode(200)
                .body("notices", hasSize(2))
                .body("notices.channel", org.hamcrest.Matchers.containsInAnyOrder("in-app", "email"))
                .body("notices.holdId", org.hamcrest.Matchers.everyItem(equalTo(hold.toString())))
                .body("notices.find { it.channel == 'email' }.status", equalTo("sent"));

        given().auth().oauth2(patron.token()).when().delete("/v1/patrons/me").then().statusCode(202);
        assertTrue(rows(hold).isEmpty(), "the erasure took the notices");
        // an occasion arriving after the erasure tells no one
        UUID late = UUID.randomUUID();
        UUID lateHold = UUID.randomUUID();
        holdExpired(late, patron.id(), lateHold, UUID.randomUUID(), Instant.now());
        await().atMost(WAIT).until(() -> processed(late));
        assertTrue(rows(lateHold).isEmpty());
    }

    // --- helpers ---

    private static String address(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.fi";
    }

    /** A patron with an e-mail address in the given language: e-mail and in-app notices are on by default. */
    private static TestPatron withEmail(String language, String address) {
        TestPatron patron = Fixtures.patron();
        given().auth().oauth2(patron.token()).contentType(ContentType.JSON).body(Map.of("language", language, "email", address))
                .when().patch("/v1/patrons/me")
                .then().statusCode(200).body("notifications.email", equalTo(true)).body("notifications.inApp", equalTo(true));
        return patron;
    }

    private static void holdReady(UUID eventId, String patronId, UUID holdId, UUID publicationId, Instant readyUntil) {
        TestKafka.sendCloudEvent(Topics.LOAN, publicationId.toString(), eventId, EventTypes.HOLD_READY, "urn:lainaamo:loan-service",
                "{\"holdId\":\"" + holdId + "\",\"patronId\":\"" + patronId + "\",\"publicationId\":\"" + publicationId
                        + "\",\"readyUntil\":\"" + readyUntil + "\"}");
    }

    private static void holdExpired(UUID eventId, String patronId, UUID holdId, UUID publicationId, Instant at) {
        TestKafka.sendCloudEvent(Topics.LOAN, publicationId.toString(), eventId, EventTypes.HOLD_EXPIRED, "urn:lainaamo:loan-service",
                "{\"holdId\":\"" + holdId + "\",\"patronId\":\"" + patronId + "\",\"publicationId\":\"" + publicationId
                        + "\",\"at\":\"" + at + "\"}");
    }

    private boolean processed(UUID eventId) {
        return QuarkusTransaction.requiringNew().call(() -> !em.createNativeQuery("select 1 from processed_event where event_id = ?1")
                .setParameter(1, eventId).getResultList().isEmpty());
    }

    /** The hold's notices as "channel:status:attempts", e-mail first. */
    private List<String> rows(UUID hold) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("select channel, coalesce(status, '-'), attempts from notice where hold_id = ?1 order by channel")
                    .setParameter(1, hold).getResultList();
            return rows.stream().map(r -> r[0] + ":" + r[1] + ":" + r[2]).toList();
        });
    }

    private int attempts(UUID hold) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Number> found = em.createNativeQuery("select attempts from notice where hold_id = ?1 and channel = 'email'")
                    .setParameter(1, hold).getResultList();
            return found.isEmpty() ? 0 : found.get(0).intValue();
        });
    }
}
