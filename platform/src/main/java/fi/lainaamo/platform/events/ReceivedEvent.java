package fi.lainaamo.platform.events;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** A binary-mode CloudEvent as a consumer receives it: the {@code ce_*} headers and the JSON data. */
public record ReceivedEvent(UUID id, String source, String type, String subject, String data) {

    /** Reads the envelope; a record without one can never be applied, so it is {@link UnprocessableEvent}. */
    public static ReceivedEvent from(ConsumerRecord<String, String> record) {
        String type = cloudEventType(record);
        if (type == null) {
            throw new UnprocessableEvent("not-a-cloudevent", "not a CloudEvent: the record lacks ce_id, ce_source or ce_type");
        }
        try {
            return new ReceivedEvent(UUID.fromString(header(record, "ce_id")), header(record, "ce_source"), type,
                    header(record, "ce_subject"), record.value());
        } catch (IllegalArgumentException notAUuid) {
            throw new UnprocessableEvent("not-a-cloudevent", "not a Lainaamo CloudEvent: ce_id is not a UUID");
        }
    }

    /**
     * The record's {@code ce_type} when it carries the whole envelope ({@code ce_id}, {@code ce_source},
     * {@code ce_type}); null when it is not a CloudEvent.
     */
    static String cloudEventType(ConsumerRecord<String, String> record) {
        String type = header(record, "ce_type");
        return type == null || header(record, "ce_id") == null || header(record, "ce_source") == null ? null : type;
    }

    /** A header's text; null when the record lacks it. */
    static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
