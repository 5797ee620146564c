package fi.lainaamo.platform.outbox;

import java.util.UUID;

/**
 * Fired synchronously inside the writing transaction for every outbox row, so a service can keep something of its
 * own in the same transaction as the event (loan-service's per-patron event log for live updates). An observer that
 * throws rolls the whole change back, as it should: the row and what it keeps must commit together.
 *
 * @param sequence the row's {@code outbox_event.id}: grows with every event of the service, and the relay sends it as
 *                 the Kafka record header {@link OutboxRelay#SEQUENCE_HEADER}
 * @param eventId  the CloudEvents {@code id}
 * @param type     the CloudEvents {@code type}
 * @param subject  the CloudEvents {@code subject}
 * @param data     the payload record as given to the outbox (not its JSON)
 */
public record OutboxRecorded(long sequence, UUID eventId, String type, String subject, Object data) {
}
