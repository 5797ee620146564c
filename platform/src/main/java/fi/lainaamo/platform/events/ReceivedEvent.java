package fi.lainaamo.platform.events;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** A binary-mode CloudEvent as a consumer receives it: the {@code ce_*} headers and the JSON data. */
public record ReceivedEvent(UUID id, String source, String type, String subject, String data) {

    public static ReceivedEvent from(ConsumerRecord<String, String> record) {
        String id = header(record, "ce_id");
        String source = header(record, "ce_source");
        String type = header(record, "ce_type");
        if (id == null || source == null || type == null) {
            throw new IllegalArgumentException("not a CloudEvent: record at " + record.topic() + "/" + record.partition()
                    + "@" + record.offset() + " lacks ce_id, ce_source or ce_type");
        }
        return new ReceivedEvent(UUID.fromString(id), source, type, header(record, "ce_subject"), record.value());
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
