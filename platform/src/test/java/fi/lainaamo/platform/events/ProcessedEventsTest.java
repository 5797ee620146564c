package fi.lainaamo.platform.events;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The processed-event log for a poll's worth at once: an event seen before, or twice in the same poll, is answered
 * once; entries roll back with the transaction that wrote them, so a failed batch is processed again.
 */
@QuarkusTest
class ProcessedEventsTest {

    private static final String SOURCE = "urn:lainaamo:test";

    @Inject
    ProcessedEvents processed;

    @Test
    void aPollsEventsAreEachFirstDeliveredOnceWhateverTheRepeats() {
        ReceivedEvent a = event(), b = event(), c = event();
        ReceivedEvent sameIdOtherSource = new ReceivedEvent(a.id(), "urn:lainaamo:elsewhere", a.type(), null, "{}");

        Set<ProcessedEvents.Delivery> first = QuarkusTransaction.requiringNew().call(() ->
                processed.firstDeliveries(List.of(a, a, b, sameIdOtherSource)));
        assertEquals(Set.of(ProcessedEvents.Delivery.of(a), ProcessedEvents.Delivery.of(b),
                ProcessedEvents.Delivery.of(sameIdOtherSource)), first);

        // redelivered with a new one: only the new one is first; the single-event path agrees
        assertEquals(Set.of(ProcessedEvents.Delivery.of(c)), QuarkusTransaction.requiringNew().call(() ->
                processed.firstDeliveries(List.of(b, c, a))));
        assertEquals(false, QuarkusTransaction.requiringNew().call(() -> processed.firstDelivery(c)));
        assertEquals(Set.of(), QuarkusTransaction.requiringNew().call(() -> processed.firstDeliveries(List.of())));
    }

    @Test
    void entriesOfABatchThatRolledBackAreFirstDeliveriesAgain() {
        ReceivedEvent a = event(), b = event();
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                assertEquals(2, processed.firstDeliveries(List.of(a, b)).size());
                throw new IllegalStateException("the batch failed");
            });
        } catch (IllegalStateException expected) {
            // rolled back
        }
        assertEquals(Set.of(ProcessedEvents.Delivery.of(a), ProcessedEvents.Delivery.of(b)),
                QuarkusTransaction.requiringNew().call(() -> processed.firstDeliveries(List.of(a, b))));
    }

    private static ReceivedEvent event() {
        return new ReceivedEvent(UUID.randomUUID(), SOURCE, "fi.lainaamo.test.happened.v1", null, "{}");
    }
}
