package fi.lainaamo.report;

import fi.lainaamo.platform.events.EventHandler;
import fi.lainaamo.platform.events.EventIntake;
import fi.lainaamo.platform.events.ProcessedEvents;
import fi.lainaamo.report.rebuild.ProjectionGate;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecords;

import java.util.Set;

/**
 * The intake every report projection shares: one incoming channel, the event types it applies, and a poll's worth of
 * records handed to the platform's {@link EventIntake} (one transaction that first enters the rebuild's gate,
 * processed-event log, dead letters, never acknowledging a failure). A subclass keeps its {@code @Incoming @Blocking}
 * method (the channel name must be a constant there) and calls {@link #consume}; it says only how each type is
 * applied.
 */
public abstract class Projection implements EventHandler {

    private final String channel;
    private final Set<String> handled;

    @Inject
    protected ProcessedEvents processed;

    @Inject
    protected EventIntake intake;

    @Inject
    protected ProjectionGate gate;

    @Inject
    protected EntityManager em;

    protected Projection(String channel, Set<String> handled) {
        this.channel = channel;
        this.handled = Set.copyOf(handled);
    }

    /**
     * Applies a poll's worth of records once no rebuild holds the gate; returns only when all are applied or set
     * aside. A poll with nothing for this projection is acknowledged at once, without a transaction.
     */
    protected void consume(ConsumerRecords<String, String> records) {
        intake.acceptAll(this, records);
    }

    /** The gate, entered as the first statement of each transaction that applies this projection's events. */
    @Override
    public void enter() {
        gate.enter();
    }

    @Override
    public String channel() {
        return channel;
    }

    @Override
    public boolean handles(String type) {
        return handled.contains(type);
    }
}
