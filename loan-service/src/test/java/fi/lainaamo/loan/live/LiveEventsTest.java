package fi.lainaamo.loan.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.HoldReady;
import fi.lainaamo.loan.Lending;
import fi.lainaamo.platform.outbox.Outbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import fi.lainaamo.loan.LicenseServiceStandIn;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static fi.lainaamo.loan.Lending.availability;
import static fi.lainaamo.loan.Lending.borrow;
import static fi.lainaamo.loan.Lending.giveBack;
import static fi.lainaamo.loan.Lending.placeHold;
import static fi.lainaamo.loan.Lending.token;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live stream as an app sees it, over a real HTTP connection read line by line: the patron's own changes in
 * order with growing ids, exactly the missed ones after a reconnect, never another patron's, heartbeats, resync.
 */
@QuarkusTest
class LiveEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/v1/me/events")
    URI events;

    @Inject
    LiveEvents live;

    @Inject
    PatronEventLog log;

    @Inject
    Outbox outbox;

    private final List<EventStream> opened = new ArrayList<>();

    @BeforeEach
    void theLiveFeedListens() {
        await().atMost(WAIT).until(live::isListening);
    }

    @AfterEach
    void closeStreams() {
        opened.forEach(EventStream::close);
    }

    @Test
    void borrowReturnAndHoldArriveInOrderWithGrowingIds() {
        UUID patron = UUID.randomUUID();
        EventStream stream = open(patron, null);
        UUID title = LicenseServiceStandIn.titleWithCopies(1);
        String loanId = borrow(patron, title).then().statusCode(201).extract().path("id");
        giveBack(patron, loanId).then().statusCode(200);
        UUID wanted = LicenseServiceStandIn.titleWithCopies(1);
        UUID other = UUID.randomUUID();
        String othersLoan = borrow(other, wanted).then().statusCode(201).extract().path("id");
        String holdId = placeHold(patron, wanted).then().statusCode(201).extract().path("id");
        giveBack(other, othersLoan).then().statusCode(200);
        LicenseServiceStandIn.release(UUID.fromString(othersLoan));
        availability(wanted, 1, 1);

        await().atMost(WAIT).until(() -> stream.changes().size() >= 4);
        List<Sse> changes = stream.changes();
        assertEquals(List.of("loan.started", "loan.returned", "hold.placed", "hold.ready"),
                changes.stream().map(Sse::event).toList());
        // only the fields EventSource knows: no stray content-type lines between them
        assertTrue(java.util.Set.of("id", "event", "data", "retry", "").containsAll(stream.fields()), "SSE fields: " + stream.fields());
        for (int i = 1; i < changes.size(); i++) {
            assertTrue(changes.get(i).seq() > changes.get(i - 1).seq(), "ids grow: " + changes);
        }
        JsonNode started = changes.get(0).json();
        assertEquals("loan.started", started.get("type").asText());
        assertEquals(loanId, started.get("loanId").asText());
        assertEquals(title.toString(), started.get("publicationId").asText());
        assertEquals("active", started.get("state").asText());
        assertTrue(started.hasNonNull("dueAt") && started.hasNonNull("occurredAt"), started.toString());
        assertFalse(started.has("patronId"), "no patron id in the data: " + started);
        assertEquals("returned", changes.get(1).json().get("state").asText());
        JsonNode placed = changes.get(2).json();
        assertEquals(holdId, placed.get("holdId").asText());
        assertEquals(1, placed.get("position").asInt());
        JsonNode ready = changes.get(3).json();
        assertEquals("ready", ready.get("state").asText());
        assertTrue(ready.hasNonNull("readyUntil"), ready.toString());

        // heartbeats keep coming (every 2 s in tests)
        int beats = stream.count("heartbeat");
        await().atMost(WAIT).until(() -> stream.count("heartbeat") >= beats + 2);
        assertTrue(stream.all().stream().filter(e -> e.event().equals("heartbeat")).allMatch(e -> e.id() == null),
                "a heartbeat has no id, so it never moves Last-Event-ID");
    }

    @Test
    void aReconnectWithLastEventIdGetsExactlyWhatItMissed() {
        UUID patron = UUID.randomUUID();
        EventStream first = open(patron, null);
        UUID title = LicenseServiceStandIn.titleWithCopies(1);
        String loanId = borrow(patron, title).then().statusCode(201).extract().path("id");
        await().atMost(WAIT).until(() -> first.changes().size() == 1);
        long seen = first.changes().get(0).seq();
        first.close();
        await().atMost(WAIT).until(() -> live.openStreams(patron) == 0); // the server let go of the closed stream

        giveBack(patron, loanId).then().statusCode(200);
        UUID wanted = LicenseServiceStandIn.titleWithCopies(1);
        borrow(UUID.randomUUID(), wanted).then().statusCode(201);
        String holdId = placeHold(patron, wanted).then().statusCode(201).extract().path("id");

        EventStream again = open(patron, Long.toString(seen));
        await().atMost(WAIT).until(() -> again.changes().size() >= 2);
        List<Sse> missed = again.changes();
        assertEquals(List.of("loan.returned", "hold.placed"), missed.stream().map(Sse::event).toList());
        assertTrue(missed.get(0).seq() > seen && missed.get(1).seq() > missed.get(0).seq(), missed.toString());
        assertEquals(holdId, missed.get(1).json().get("holdId").asText());
        assertEquals(0, again.count("resync"));

        // an EventSource polyfill passes it as a query parameter: the same replay, then live events
        EventStream polyfill = openWithQuery(patron, Long.toString(missed.get(0).seq()));
        await().atMost(WAIT).until(() -> polyfill.count("heartbeat") >= 1);
        assertEquals(List.of(missed.get(1).seq()), polyfill.changes().stream().map(Sse::seq).toList());
        given().auth().oauth2(token(patron)).when().delete("/v1/holds/{id}", holdId).then().statusCode(200);
        await().atMost(WAIT).until(() -> polyfill.changes().size() == 2 && again.changes().size() == 3);
        assertEquals("hold.cancelled", polyfill.changes().get(1).event());
        assertEquals(polyfill.changes().get(1).seq(), again.changes().get(2).seq(), "both streams, one id");
    }

    @Test
    void eachPatronSeesOnlyTheirOwnChanges() {
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        EventStream alices = open(alice, null);
        EventStream bobs = open(bob, null);
        UUID title = LicenseServiceStandIn.titleWithCopies(1);
        borrow(UUID.randomUUID(), title).then().statusCode(201);
        String alicesHold = placeHold(alice, title).then().statusCode(201).extract().path("id");
        String bobsHold = placeHold(bob, title).then().statusCode(201).extract().path("id");
        String alicesLoan = borrow(alice, LicenseServiceStandIn.titleWithCopies(1)).then().statusCode(201).extract().path("id");
        // Alice leaves the queue: Bob moves up (his event), Alice's cancellation is hers
        given().auth().oauth2(token(alice)).when().delete("/v1/holds/{id}", alicesHold).then().statusCode(200);
        String bobsLoan = borrow(bob, LicenseServiceStandIn.titleWithCopies(1)).then().statusCode(201).extract().path("id");

        await().atMost(WAIT).until(() -> alices.changes().size() >= 3 && bobs.changes().size() >= 3);
        assertEquals(List.of("hold.placed", "loan.started", "hold.cancelled"), alices.changes().stream().map(Sse::event).toList());
        assertEquals(List.of("hold.placed", "hold.position-changed", "loan.started"), bobs.changes().stream().map(Sse::event).toList());
        assertEquals(2, bobs.changes().get(0).json().get("position").asInt());
        assertEquals(1, bobs.changes().get(1).json().get("position").asInt());
        assertEquals(bobsHold, bobs.changes().get(1).json().get("holdId").asText());
        assertEquals(bobsLoan, bobs.changes().get(2).json().get("loanId").asText());
        assertEquals(alicesLoan, alices.changes().get(1).json().get("loanId").asText());

        // later heartbeats prove the streams were still read after everything above was sent: still nobody else's
        int alicesBeats = alices.count("heartbeat");
        int bobsBeats = bobs.count("heartbeat");
        await().atMost(WAIT).until(() -> alices.count("heartbeat") > alicesBeats && bobs.count("heartbeat") > bobsBeats);
        assertEquals(3, alices.changes().size(), alices.changes().toString());
        assertEquals(3, bobs.changes().size(), bobs.changes().toString());
        assertTrue(alices.changes().stream().noneMatch(e -> e.data().contains(bobsHold) || e.data().contains(bobsLoan)));
        assertTrue(bobs.changes().stream().noneMatch(e -> e.data().contains(alicesHold) || e.data().contains(alicesLoan)));
    }

    @Test
    void aChangeThatTookItsIdEarlierButCommittedLaterIsNotMissed() throws Exception {
        UUID patron = UUID.randomUUID();
        UUID earlyHold = UUID.randomUUID();
        UUID lateHold = UUID.randomUUID();
        EventStream before = open(patron, null);
        CountDownLatch earlyWritten = new CountDownLatch(1);
        CountDownLatch commitEarly = new CountDownLatch(1);
        // a title-wide change (here a hold made ready) takes its sequence, then its transaction stays open ...
        CompletableFuture<Void> early = CompletableFuture.runAsync(() -> QuarkusTransaction.requiringNew().run(() -> {
            outbox.record(EventTypes.HOLD_READY, earlyHold, earlyHold, new HoldReady(earlyHold, patron, UUID.randomUUID(), Instant.now().plusSeconds(3600)));
            earlyWritten.countDown();
            try {
                commitEarly.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }));
        assertTrue(earlyWritten.await(30, TimeUnit.SECONDS));
        // ... while another change of the same patron takes a higher one and commits first
        QuarkusTransaction.requiringNew().run(() -> outbox.record(EventTypes.HOLD_READY, lateHold, lateHold,
                new HoldReady(lateHold, patron, UUID.randomUUID(), Instant.now().plusSeconds(3600))));
        await().atMost(WAIT).until(() -> before.changes().size() == 1);
        long late = before.changes().get(0).seq();
        assertEquals(lateHold.toString(), before.changes().get(0).json().get("holdId").asText());
        before.close(); // the app goes away having seen only the later id

        EventStream during = open(patron, null);
        commitEarly.countDown();
        early.get(30, TimeUnit.SECONDS);

        // an open stream gets the lower id after the higher one: deduplicated by id, not dropped as "older"
        await().atMost(WAIT).until(() -> during.changes().size() == 1);
        assertEquals(earlyHold.toString(), during.changes().get(0).json().get("holdId").asText());
        assertTrue(during.changes().get(0).seq() < late);
        // and the app that reconnects after the later id gets the earlier one it never saw
        EventStream reconnected = open(patron, Long.toString(late));
        assertEquals(List.of(earlyHold.toString()), reconnected.changes().stream().map(e -> e.json().get("holdId").asText()).toList());
    }

    @Test
    void anIdOlderThanTheLogOrNotOursAsksTheAppToRefetch() {
        UUID patron = UUID.randomUUID();
        EventStream first = open(patron, null);
        String loanId = borrow(patron, LicenseServiceStandIn.titleWithCopies(1)).then().statusCode(201).extract().path("id");
        await().atMost(WAIT).until(() -> first.changes().size() == 1);
        long seen = first.changes().get(0).seq();
        first.close();
        log.prune(Instant.now().plusSeconds(1)); // as if an hour had passed: the log forgets the loan's start
        giveBack(patron, loanId).then().statusCode(200);

        EventStream late = open(patron, Long.toString(seen - 1));
        await().atMost(WAIT).until(() -> late.count("heartbeat") >= 1);
        List<String> names = late.all().stream().map(Sse::event).toList();
        assertEquals(List.of("resync", "loan.returned", "heartbeat"), names.subList(0, 3), "resync, then what there is");
        assertNull(late.all().get(0).id(), "resync carries no id");

        EventStream garbled = open(patron, "not-a-number");
        await().atMost(WAIT).until(() -> garbled.count("heartbeat") >= 1);
        assertEquals("resync", garbled.all().get(0).event());
        assertTrue(garbled.changes().isEmpty());
    }

    @Test
    void aStreamNeedsAPatronToken() throws Exception {
        HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(events)
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                anonymous.headers().toString());
    }

    @Test
    void aHostileLastEventIdIsRefusedOrResynced() throws Exception {
        UUID patron = UUID.randomUUID();
        HttpResponse<String> tooLong = HttpClient.newHttpClient().send(HttpRequest.newBuilder(events)
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token(patron))
                .header("Last-Event-ID", "1".repeat(21)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, tooLong.statusCode());
        assertFalse(tooLong.body().contains("Exception") || tooLong.body().contains("fi.lainaamo"), tooLong.body());
        for (String odd : new String[] {"99999999999999999999", "-5", " ", "1e3"}) {
            EventStream stream = open(patron, odd);
            assertEquals(odd.isBlank() ? "heartbeat" : "resync", stream.all().get(0).event(), "Last-Event-ID '" + odd + "'");
        }
    }

    private EventStream open(UUID patron, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(events).header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + token(patron));
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return connect(request.build(), patron);
    }

    private EventStream openWithQuery(UUID patron, String lastEventId) {
        return connect(HttpRequest.newBuilder(URI.create(events + "?lastEventId=" + lastEventId))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token(patron)).build(), patron);
    }

    private EventStream connect(HttpRequest request, UUID patron) {
        try {
            HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"),
                    response.headers().toString());
            EventStream stream = new EventStream(response.body());
            opened.add(stream);
            // the first heartbeat comes once the stream is registered and its replay sent
            await().atMost(WAIT).until(() -> stream.count("heartbeat") >= 1);
            return stream;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One SSE event as read off the wire. */
    record Sse(String id, String event, String data) {
        long seq() {
            return Long.parseLong(id);
        }

        JsonNode json() {
            try {
                return JSON.readTree(data);
            } catch (IOException e) {
                throw new IllegalStateException(data, e);
            }
        }
    }

    /** Reads an open stream's lines on a thread of its own and parses them into events (the EventSource rules). */
    static final class EventStream {
        private final Stream<String> lines;
        private final List<Sse> received = new CopyOnWriteArrayList<>();
        private final java.util.Set<String> fields = java.util.concurrent.ConcurrentHashMap.newKeySet();

        EventStream(Stream<String> lines) {
            this.lines = lines;
            Thread reader = new Thread(this::read, "sse-test-reader");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            String id = null;
            String event = null;
            StringBuilder data = new StringBuilder();
            try {
                Iterator<String> it = lines.iterator();
                while (it.hasNext()) {
                    String line = it.next();
                    if (!line.isEmpty()) {
                        fields.add(line.contains(":") ? line.substring(0, line.indexOf(':')) : line);
                    }
                    if (line.isEmpty()) {
                        if (event != null || data.length() > 0) {
                            received.add(new Sse(id, event == null ? "message" : event, data.toString()));
                        }
                        id = null;
                        event = null;
                        data.setLength(0);
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).trim();
                    } else if (line.startsWith("event:")) {
                        event = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        if (data.length() > 0) {
                            data.append('\n');
                        }
                        data.append(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
                    }
                }
            } catch (RuntimeException closed) {
                // the test closed the stream
            }
        }

        /** The SSE field names the stream used ("" for a comment line). */
        java.util.Set<String> fields() {
            return java.util.Set.copyOf(fields);
        }

        List<Sse> all() {
            return List.copyOf(received);
        }

        /** The loan and hold changes: everything but heartbeats and resyncs. */
        List<Sse> changes() {
            return received.stream().filter(e -> !e.event().equals("heartbeat") && !e.event().equals("resync")).toList();
        }

        int count(String event) {
            return (int) received.stream().filter(e -> e.event().equals(event)).count();
        }

        void close() {
            lines.close();
        }
    }
}
