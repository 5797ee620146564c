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
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loan due in 3 days and in 1 day, loan expired, and the ready-hold reminder: learnt from loan-service's topic on the
 * real broker, written by the due-notice job (run here by the test: its schedule is off in the test profile, and due
 * dates are set near now rather than moving a clock), told once per due date, in the patron's language, to the inbox
 * and to a real SMTP server.
 */
@QuarkusTest
class DueNoticesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ZoneId HELSINKI = ZoneId.of("Europe/Helsinki");

    @TestMailServer
    MailServer mail;

    /** Also answers for catalog-service's title pages. */
    @LoanServiceMock
    WireMockServer stubs;

    @Inject
    EntityManager em;

    @Inject
    DueNotices due;

    @Test
    void aLoanDueInThreeDaysIsOneInboxEntryAndOneEmailHoweverOftenTheJobRuns() {
        String address = address("lainaaja");
        TestPatron patron = withEmail("fi", address);
        UUID publication = UUID.randomUUID();
        stubs.stubFor(get(urlPathEqualTo("/v1/publications/" + publication))
                .willReturn(okJson("{\"id\":\"" + publication + "\",\"title\":\"Tuntematon sotilas\",\"format\":\"EBOOK\"}")));
        UUID loan = UUID.randomUUID();
        Instant dueAt = Instant.now().plus(Duration.ofDays(3)).minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);

        UUID started = loanStarted(patron.id(), loan, publication, dueAt);
        await().atMost(WAIT).until(() -> processed(started));
        due.writeDue();
        due.writeDue();

        await().atMost(WAIT).until(() -> mail.messagesTo(address).size() == 1);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> mail.messagesTo(address).size() == 1);
        MailServer.ReceivedMail sent = mail.messagesTo(address).get(0);
        assertEquals("Eräpäivä lähestyy: Tuntematon sotilas", sent.subject());
        assertEquals("fi", sent.contentLanguage());
        assertTrue(sent.text().contains("\"Tuntematon sotilas\" on palautettava"), sent.text());
        assertTrue(sent.text().contains("Voit ehkä uusia lainan Lainaamo-sovelluksessa"), sent.text());
        assertTrue(sent.html().contains("<strong>Tuntematon sotilas</strong>"), sent.html());

        given().auth().oauth2(patron.token()).when().get("/v1/me/notifications")
                .then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].occasion", equalTo("loan-due"))
                .body("items[0].loanId", equalTo(loan.toString()))
                .body("items[0].holdId", nullValue())
                .body("items[0].dueAt", equalTo(dueAt.toString()))
                .body("items[0].text", org.hamcrest.Matchers.endsWith("Voit ehkä uusia lainan Lainaamo-sovelluksessa."));
        assertEquals(List.of("email:" + dueKey(loan, dueAt, "3d"), "in-app:" + dueKey(loan, dueAt, "3d")), keys(loan));
    }

    @Test
    void aLoanDueThatCanBeRenewedGetsTheRenewLinkAndOneThatCannotSaysSo() {
        String address = address("uusija");
        TestPatron patron = withEmail("en", address);
        UUID renewable = UUID.randomUUID();
        UUID wanted = UUID.randomUUID();
        Instant dueAt = Instant.now().plus(Duration.ofDays(3)).minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        // loan-service says which can be renewed: the first can, others wait for the second
        stubs.stubFor(post(urlPathEqualTo("/v1/renewals/lookup")).withRequestBody(containing(renewable.toString()))
                .willReturn(okJson("{\"loans\":[{\"loanId\":\"" + renewable + "\",\"renewable\":true,\"reasons\":[]}]}")));
        stubs.stubFor(post(urlPathEqualTo("/v1/renewals/lookup")).withRequestBody(containing(wanted.toString()))
                .willReturn(okJson("{\"loans\":[{\"loanId\":\"" + wanted + "\",\"renewable\":false,\"reasons\":[\"renew-people-waiting\"]}]}")));
        UUID first = loanStarted(patron.id(), renewable, UUID.randomUUID(), dueAt);
        await().atMost(WAIT).until(() -> processed(first));
        due.writeDue();
        await().atMost(WAIT).until(() -> mail.messagesTo(address).size() == 1);
        MailServer.ReceivedMail offered = mail.messagesTo(address).get(0);
        assertTrue(offered.text().contains("You can renew the loan: http://localhost:8080/shelf"), offered.text());
        assertTrue(offered.html().contains("<a href=\"http://localhost:8080/shelf\">"), offered.html());
        stubs.verify(postRequestedFor(urlPathEqualTo("/v1/renewals/lookup")).withHeader("Authorization", matching("Bearer .+")));

        UUID second = loanStarted(patron.id(), wanted, UUID.randomUUID(), dueAt);
        await().atMost(WAIT).until(() -> processed(second));
        due.writeDue();
        await().atMost(WAIT).until(() -> mail.messagesTo(address).size() == 2);
        MailServer.ReceivedMail refused = mail.messagesTo(address).get(1);
        assertTrue(refused.text().contains("The loan cannot be renewed: others are waiting for the title"), refused.text());
        assertTrue(!refused.text().contains("/shelf"), refused.text());
    }

    @Test
    void twoLoansDueTogetherAreOneEmailThatNamesBothAndTwoInboxEntries() {
        String address = address("kaksi");
        TestPatron patron = withEmail("fi", address);
        UUID publication = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        stubs.stubFor(get(urlPathEqualTo("/v1/publications/" + publication))
                .willReturn(okJson("{\"id\":\"" + publication + "\",\"title\":\"Täällä Pohjantähden alla\",\"format\":\"EBOOK\"}")));
        stubs.stubFor(get(urlPathEqualTo("/v1/publications/" + other))
                .willReturn(okJson("{\"id\":\"" + other + "\",\"title\":\"Sinuhe egyptiläinen\",\"format\":\"EBOOK\"}")));
        Instant dueAt = Instant.now().plus(Duration.ofDays(3)).minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        loanStarted(patron.id(), UUID.randomUUID(), publication, dueAt);
        UUID started = loanStarted(patron.id(), UUID.randomUUID(), other, dueAt);
        await().atMost(WAIT).until(() -> processed(started));
        due.writeDue(); // both notices in one batch: they share one due time, so the sender claims them together

        await().atMost(WAIT).until(() -> mail.messagesTo(address).size() == 1);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> mail.messagesTo(address).size() == 1);
        MailServer.ReceivedMail sent = mail.messagesTo(address).get(0);
        assertEquals("Lainaamo: 2 uutta ilmoitusta", sent.subject());
        assertTrue(sent.text().contains("- \"Täällä Pohjantähden alla\": Lainasi eräpäivä on "), sent.text());
        assertTrue(sent.text().contains("- \"Sinuhe egyptiläinen\": Lainasi eräpäivä on "), sent.text());
        assertTrue(sent.html().contains("<li><strong>Sinuhe egyptiläinen</strong>: "), sent.html());
        assertEquals(2, sent.noticeId().split(",").length, sent.noticeId());
        given().auth().oauth2(patron.token()).when().get("/v1/me/notifications")
                .then().statusCode(200).body("items", hasSize(2)).body("items.occasion", org.hamcrest.Matchers.everyItem(equalTo("loan-due")));
    }

    @Test
    void twoInstancesRunningTheJobAtOnceTellTheLoanOnce() throws Exception {
        String address = address("kaksi");
        TestPatron patron = withEmail("en", address);
        UUID loan = UUID.randomUUID();
        Instant dueAt = Instant.now().plus(Duration.ofHours(60)).truncatedTo(ChronoUnit.SECONDS);
        UUID started = loanStarted(patron.id(), loan, UUID.randomUUID(), dueAt);
        await().atMost(WAIT).until(() -> processed(started));

        java.util.concurrent.ExecutorService instances = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Integer>> runs = List.of(
                    instances.submit(() -> { go.await(); return due.writeDue(); }),
                    instances.submit(() -> { go.await(); return due.writeDue(); }));
            go.countDown();
            for (java.util.concurrent.Future<Integer> run : runs) {
                run.get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            instances.shutdownNow();
        }

        assertEquals(List.of("email:" + dueKey(loan, dueAt, "3d"), "in-app:" + dueKey(loan, dueAt, "3d")), keys(loan));
        await().atMost(WAIT).until(() -> mail.messagesTo(address).size() == 1);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> mail.messagesTo(address).size() == 1);
        MailServer.ReceivedMail sent = mail.messagesTo(address).get(0);
        assertEquals("Your loan is due soon", sent.subject()); // no title page: the generic wording
        assertTrue(sent.text().contains("A title you borrowed is due on "), sent.text());
        assertTrue(sent.text().contains("You may be able to renew the loan in the Lainaamo app"), sent.text());
    }

    @Test
    void aLoanDueWithinADayGetsOnlyTheOneDayNotice() {
        TestPatron patron = Fixtures.patron(); // inbox only, in Finnish
        UUID loan = UUID.randomUUID();
        Instant dueAt = Instant.now().plus(Duration.ofHours(20)).truncatedTo(ChronoUnit.SECONDS);
        UUID started = loanStarted(patron.id(), loan, UUID.randomUUID(), dueAt);
        await().atMost(WAIT).until(() -> processed(started));
        due.writeDue();
        due.writeDue();
        assertEquals(List.of("in-app:" + dueKey(loan, dueAt, "1d")), keys(loan));
        given().auth().oauth2(patron.token()).when().get("/v1/me/notifications")
                .then().statusCode(200).body("items", hasSize(1))
                .body("items[0].text", org.hamcrest.Matchers.startsWith("Lainasi eräpäivä on "));
    }

    @Test
    void aRenewedLoanIsToldForItsNewDateOnlyAndNeverTwiceForTheSameDate() {
        TestPatron patron = Fixtures.patron();
        UUID loan = UUID.randomUUID();
        UUID publication = UUID.randomUUID();
        Instant firstDue = Instant.now().plus(Duration.ofHours(44)).truncatedTo(ChronoUnit.SECONDS);
        UUID started = loanStarted(patron.id(), loan, publication, firstDue);
        await().atMost(WAIT).until(() -> processed(started));
        due.writeDue();
        assertEquals(List.of("in-app:" + dueKey(loan, firstDue, "3d")), keys(loan));

        // renewed for a day more: still within three days of the new date, which is told once
        Instant newDue = firstDue.plus(Duration.ofDays(1));
        UUID renewed = loanRenewed(patron.id(), loan, publication, newDue);
        await().atMost(WAIT).until(() -> processed(renewed));
        due.writeDue();
        // the same renewal again under another event id (a replay), and the job again: nothing new
        UUID replay = loanRenewed(patron.id(), loan, publication, newDue);
        await().atMost(WAIT).until(() -> processed(replay));
        due.writeDue();

        assertEquals(List.of("in-app:" + dueKey(loan, firstDue, "3d"), "in-app:" + dueKey(loan, newDue, "3d")), keys(loan));
        given().auth().oauth2(patron.token()).when().get("/v1/me/notifications")
                .then().statusCode(200).body("items", hasSize(2))
                .body("items[0].dueAt", equalTo(newDue.toString()))
                .body("items[1].dueAt", equalTo(firstDue.toString()));
    }

    @Test
    void aLoanReturnedBeforeItsTimeIsNeverTold() {
        String address = address("palauttaja");
        TestPatron patron = withEmail("en", address);
        UUID loan = UUID.randomUUID();
        UUID publication = UUID.randomUUID();
        loanStarted(patron.id(), loan, publication, Instant.now().plus(Duration.ofDays(3)).minus(Duration.ofHours(1)));
        UUID returned = loanReturned(patron.id(), loan, publication);
        await().atMost(WAIT).until(() -> processed(returned));
        due.writeDue();
        assertTrue(keys(loan).isEmpty(), keys(loan).toString());
        given().auth().oauth2(patron.token()).when().get("/v1/me/notifications").then().statusCode(200).body("items", hasSize(0));
        assertTrue(mail.messagesTo(address).isEmpty());
    }

    @Test
    void aReadyHoldIsRemindedOnceADayBeforeItsWindowClosesUnlessBorrowed() {
        String address = address("muistettava");
        TestPatron patron = withEmail("en", address);
        UUID hold = UUID.randomUUID();
        Instant readyUntil = Instant.now().plus(Duration.ofHours(20)).truncatedTo(ChronoUnit.SECONDS);
        UUID ready = holdReady(patron.id(), hold, UUID.randomUUID(), readyUntil);
        // applied before the next: notices written in one transaction make one e-mail, and the consumer gathers a
        // fetch's worth of events (500 ms) into one
        await().atMost(WAIT).until(() -> processed(ready));
        // borrowed in time: no reminder for this one
        UUID borrowedHold = UUID.randomUUID();
        UUID borrowedPublication = UUID.randomUUID();
        holdReady(patron.id(), borrowedHold, borrowedPublication, readyUntil);
        UUID fulfilled = holdFulfilled(patron.id(), borrowedHold, borrowedPublication);
        await().atMost(WAIT).until(() -> processed(ready) && processed(fulfilled));
        due.writeDue();
        due.writeDue();

        // the two hold-ready e-mails, and one reminder
        await().atMost(WAIT).until(() -> mail.messagesTo(address).size() == 3);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> mail.messagesTo(address).size() == 3);
        List<String> subjects = mail.messagesTo(address).stream().map(MailServer.ReceivedMail::subject).sorted().toList();
        assertEquals(List.of("Reminder: your hold is waiting", "Your hold is ready to borrow", "Your hold is ready to borrow"), subjects);
        assertEquals(List.of("hold-ready-reminder:" + hold), reminders(patron.id()));
        given().auth().oauth2(patron.token()).when().get("/v1/me/notifications")
                .then().statusCode(200).body("items", hasSize(3))
                .body("items[0].occasion", equalTo("hold-ready-reminder"))
                .body("items[0].holdId", equalTo(hold.toString()))
                .body("items[0].readyUntil", equalTo(readyUntil.toString()))
                .body("items[0].text", org.hamcrest.Matchers.startsWith("Your hold is still waiting for you. Borrow it by "));
    }

    @Test
    void anExpiredLoanIsToldOnceInSwedishAndIsNoLongerDue() {
        String address = address("lantagare");
        TestPatron patron = withEmail("sv", address);
        UUID loan = UUID.randomUUID();
        UUID publication = UUID.randomUUID();
        Instant expiredAt = Instant.parse("2026-07-01T06:05:00Z"); // 9.05 in Helsinki (summer time)
        loanStarted(patron.id(), loan, publication, expiredAt.minus(Duration.ofMinutes(5))); // the sweep ends it a little after
        UUID expired = loanExpired(patron.id(), loan, publication, expiredAt);
        loanExpired(patron.id(), loan, publication, expiredAt); // a replay under another event id
        await().atMost(WAIT).until(() -> processed(expired));
        due.writeDue();

        await().atMost(WAIT).until(() -> mail.messagesTo(address).size() == 1);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> mail.messagesTo(address).size() == 1);
        MailServer.ReceivedMail sent = mail.messagesTo(address).get(0);
        assertEquals("Ditt lån har upphört", sent.subject());
        assertTrue(sent.text().contains("En titel som du har lånat återlämnades 1.7.2026 kl. 9.05"), sent.text());
        assertEquals(List.of("email:loan-expired:" + loan, "in-app:loan-expired:" + loan), keys(loan));
        given().auth().oauth2(patron.token()).when().get("/v1/me/notifications")
                .then().statusCode(200).body("items", hasSize(1))
                .body("items[0].occasion", equalTo("loan-expired"))
                .body("items[0].expiredAt", equalTo("2026-07-01T06:05:00Z"))
                .body("items[0].text", equalTo("Ditt lån upphörde 1.7.2026 kl. 9.05 när lånetiden tog slut. "
                        + "Du kan låna titeln igen eller reservera den."));
    }

    @Test
    void aLoanTheDistributorEndedLongBeforeItsDueDateIsToldAsTheLicenceEndingOnce() {
        String address = address("lukija");
        TestPatron patron = withEmail("fi", address);
        UUID loan = UUID.randomUUID();
        UUID publication = UUID.randomUUID();
        Instant endedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        UUID started = loanStarted(patron.id(), loan, publication, endedAt.plus(Duration.ofDays(10)));
        await().atMost(WAIT).until(() -> processed(started)); // the due date is known before the loan ends
        UUID expired = loanExpired(patron.id(), loan, publication, endedAt);
        loanExpired(patron.id(), loan, publication, endedAt); // a replay under another event id
        await().atMost(WAIT).until(() -> processed(expired));

        await().atMost(WAIT).until(() -> mail.messagesTo(address).size() == 1);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> mail.messagesTo(address).size() == 1);
        MailServer.ReceivedMail sent = mail.messagesTo(address).get(0);
        assertEquals("Nimeke ei ole enää saatavilla", sent.subject());
        assertTrue(sent.text().contains("koska sen lisenssi päättyi"), sent.text());
        assertEquals(List.of("email:licence-withdrawn:" + loan, "in-app:licence-withdrawn:" + loan), keys(loan));
        given().auth().oauth2(patron.token()).when().get("/v1/me/notifications")
                .then().statusCode(200).body("items", hasSize(1))
                .body("items[0].occasion", equalTo("licence-withdrawn"))
                .body("items[0].loanId", equalTo(loan.toString()))
                .body("items[0].expiredAt", equalTo(endedAt.toString()));
    }

    @Test
    void aHoldTheLibraryCancelledBecauseTheLicenceEndedIsToldButThePatronsOwnCancelIsNot() {
        TestPatron patron = withEmail("en", address("varaaja"));
        UUID withdrawnHold = UUID.randomUUID();
        UUID ownHold = UUID.randomUUID();
        UUID publication = UUID.randomUUID();
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        holdCancelled(patron.id(), ownHold, publication, "patron-cancelled", at);
        UUID last = holdCancelled(patron.id(), withdrawnHold, publication, "publication-withdrawn", at);
        await().atMost(WAIT).until(() -> processed(last));

        await().atMost(WAIT).until(() -> keys(withdrawnHold).size() == 2);
        assertEquals(List.of("email:licence-withdrawn:" + withdrawnHold, "in-app:licence-withdrawn:" + withdrawnHold), keys(withdrawnHold));
        assertEquals(List.of(), keys(ownHold));
        given().auth().oauth2(patron.token()).when().get("/v1/me/notifications")
                .then().statusCode(200).body("items", hasSize(1))
                .body("items[0].holdId", equalTo(withdrawnHold.toString()))
                .body("items[0].text", org.hamcrest.Matchers.startsWith("A title you had on hold or on loan was withdrawn on "));
    }

    // --- helpers ---

    private static String dueKey(UUID loan, Instant dueAt, String lead) {
        return "loan-due:" + loan + ":" + LocalDate.ofInstant(dueAt, HELSINKI) + ":" + lead;
    }

    private static String address(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.fi";
    }

    private static TestPatron withEmail(String language, String address) {
        TestPatron patron = Fixtures.patron();
        given().auth().oauth2(patron.token()).contentType(ContentType.JSON).body(Map.of("language", language, "email", address))
                .when().patch("/v1/patrons/me").then().statusCode(200);
        return patron;
    }

    private static UUID send(String type, UUID publicationId, String data) {
        UUID eventId = UUID.randomUUID();
        TestKafka.sendCloudEvent(Topics.LOAN, publicationId.toString(), eventId, type, "urn:lainaamo:loan-service", data);
        return eventId;
    }

    private static UUID loanStarted(String patronId, UUID loanId, UUID publicationId, Instant dueAt) {
        return send(EventTypes.LOAN_STARTED, publicationId, "{\"loanId\":\"" + loanId + "\",\"patronId\":\"" + patronId
                + "\",\"publicationId\":\"" + publicationId + "\",\"municipality\":\"091\",\"libraryId\":null,\"startedAt\":\""
                + Instant.now() + "\",\"dueAt\":\"" + dueAt + "\"}");
    }

    private static UUID loanRenewed(String patronId, UUID loanId, UUID publicationId, Instant dueAt) {
        return send(EventTypes.LOAN_RENEWED, publicationId, "{\"loanId\":\"" + loanId + "\",\"patronId\":\"" + patronId
                + "\",\"publicationId\":\"" + publicationId + "\",\"municipality\":\"091\",\"dueAt\":\"" + dueAt + "\",\"renewals\":1}");
    }

    private static UUID loanReturned(String patronId, UUID loanId, UUID publicationId) {
        return send(EventTypes.LOAN_RETURNED, publicationId, "{\"loanId\":\"" + loanId + "\",\"patronId\":\"" + patronId
                + "\",\"publicationId\":\"" + publicationId + "\",\"municipality\":\"091\",\"returnedAt\":\"" + Instant.now() + "\"}");
    }

    private static UUID loanExpired(String patronId, UUID loanId, UUID publicationId, Instant at) {
        return send(EventTypes.LOAN_EXPIRED, publicationId, "{\"loanId\":\"" + loanId + "\",\"patronId\":\"" + patronId
                + "\",\"publicationId\":\"" + publicationId + "\",\"municipality\":\"091\",\"expiredAt\":\"" + at + "\"}");
    }

    private static UUID holdReady(String patronId, UUID holdId, UUID publicationId, Instant readyUntil) {
        return send(EventTypes.HOLD_READY, publicationId, "{\"holdId\":\"" + holdId + "\",\"patronId\":\"" + patronId
                + "\",\"publicationId\":\"" + publicationId + "\",\"readyUntil\":\"" + readyUntil + "\"}");
    }

    private static UUID holdCancelled(String patronId, UUID holdId, UUID publicationId, String reason, Instant at) {
        return send(EventTypes.HOLD_CANCELLED, publicationId, "{\"holdId\":\"" + holdId + "\",\"patronId\":\"" + patronId
                + "\",\"publicationId\":\"" + publicationId + "\",\"reason\":\"" + reason + "\",\"at\":\"" + at + "\"}");
    }

    private static UUID holdFulfilled(String patronId, UUID holdId, UUID publicationId) {
        return send(EventTypes.HOLD_FULFILLED, publicationId, "{\"holdId\":\"" + holdId + "\",\"patronId\":\"" + patronId
                + "\",\"publicationId\":\"" + publicationId + "\",\"loanId\":\"" + UUID.randomUUID() + "\",\"at\":\"" + Instant.now() + "\"}");
    }

    private boolean processed(UUID eventId) {
        return QuarkusTransaction.requiringNew().call(() -> !em.createNativeQuery("select 1 from processed_event where event_id = ?1")
                .setParameter(1, eventId).getResultList().isEmpty());
    }

    /** The loan's notices as "channel:delivery key", in order. */
    /** The channel and delivery key of each notice about the loan or hold. */
    private List<String> keys(UUID loanOrHold) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("select channel, delivery_key from notice where loan_id = ?1 or hold_id = ?1 "
                            + "order by delivery_key, channel")
                    .setParameter(1, loanOrHold).getResultList();
            return rows.stream().map(r -> r[0] + ":" + r[1]).toList();
        });
    }

    /** The patron's reminder delivery keys (in-app). */
    private List<String> reminders(String patronId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<String> rows = em.createNativeQuery("select delivery_key from notice where patron_id = ?1 and channel = 'in-app' "
                            + "and occasion = 'hold-ready-reminder'")
                    .setParameter(1, UUID.fromString(patronId)).getResultList();
            return rows;
        });
    }
}
