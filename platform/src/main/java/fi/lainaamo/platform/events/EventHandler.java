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
}
