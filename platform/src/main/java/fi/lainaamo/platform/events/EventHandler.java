package fi.lainaamo.platform.events;

/**
 * One consumer of one incoming channel. Its {@code @Incoming} method hands each record to {@link EventIntake},
 * which opens the transaction, drops duplicates, checks the record against its contract and never lets one bad
 * record or one outage stop the consumer; the handler only says which types it applies and how.
 */
public interface EventHandler {

    /** The incoming channel this handler consumes; names the consumer in dead letters, metrics and readiness. */
    String channel();

    /** True for the event types this consumer applies; every other type is acknowledged and ignored. */
    boolean handles(String type);

    /** Applies the first delivery of a handled event, inside the transaction that records it as processed. */
    void apply(ReceivedEvent event);

    /**
     * Applies some of a batch's new events ahead of the rest, in its transaction, and answers the rest, in their order,
     * to be applied one by one with {@link #apply}: a handler may apply many events in one statement this way (events
     * that set a versioned state, where the newest wins). Only events whose outcome does not depend on their order
     * among the others may be taken ahead. A record applied alone (a retry, a redrive) goes through {@link #apply}, which
     * must have the same outcome. The default takes none.
     */
    default java.util.List<ReceivedEvent> applyAhead(java.util.List<ReceivedEvent> events) {
        return events;
    }

    /**
     * Runs first in every transaction that applies this handler's events (a batch, one record, a redrive), on that
     * transaction's connection; throws {@link NotNow} to have them taken again later. Does nothing unless the handler
     * has a gate to pass.
     */
    default void enter() {
    }

    /**
     * How many lanes a poll is split into ({@link EventIntake#acceptAll}): records with the same key stay in one lane,
     * in order, and lanes are applied side by side, each in a transaction of its own. Only for a handler whose events'
     * order matters within a key alone (every Lainaamo event is keyed by the aggregate its order concerns), and whose
     * work for different keys takes no lock in common that could deadlock. One (the default) keeps the whole poll in
     * order, in one transaction.
     */
    default int lanes() {
        return 1;
    }

    /** The same handler without its {@link #enter} check, for whoever holds the gate closed itself (a rebuild). */
    static EventHandler withoutEntering(EventHandler handler) {
        return new EventHandler() {
            @Override
            public String channel() {
                return handler.channel();
            }

            @Override
            public boolean handles(String type) {
                return handler.handles(type);
            }

            @Override
            public void apply(ReceivedEvent event) {
                handler.apply(event);
            }
        };
    }
}
