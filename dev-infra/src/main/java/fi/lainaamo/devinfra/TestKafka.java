package fi.lainaamo.devinfra;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/** Test helpers that talk to the real broker: send a binary-mode CloudEvent, read what a topic holds. */
public final class TestKafka {

    private TestKafka() {
    }

    /** Sends a CloudEvent the way the outbox relay does: {@code ce_*} headers, JSON value, keyed. */
    public static void sendCloudEvent(String topic, String key, UUID id, String type, String source, String json) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, json);
            record.headers().add("ce_specversion", bytes("1.0"));
            record.headers().add("ce_id", bytes(id.toString()));
            record.headers().add("ce_type", bytes(type));
            record.headers().add("ce_source", bytes(source));
            record.headers().add("ce_subject", bytes(key));
            record.headers().add("content-type", bytes("application/json"));
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot send test event to " + topic, e);
        }
    }

    /**
     * Sends an event that the topic's consumer applies with no visible effect, keyed like the test's own events so it
     * lands on the same partition behind them: once its id is in the processed-event log, everything sent before it
     * on that key has been consumed. (Consumers record only the types they handle, so the marker is one of those,
     * about a publication nobody else uses.)
     */
    public static UUID sendMarker(String topic, String key) {
        UUID marker = UUID.randomUUID();
        String nobody = UUID.randomUUID().toString();
        switch (topic) {
            case "lainaamo.loan.v1" -> sendCloudEvent(topic, key, marker, "fi.lainaamo.hold.queue-changed.v1", "urn:lainaamo:loan-service",
                    "{\"publicationId\":\"" + nobody + "\",\"holdsWaiting\":0,\"version\":1}");
            case "lainaamo.licence.v1" -> sendCloudEvent(topic, key, marker, "fi.lainaamo.licence.consumed.v1", "urn:lainaamo:license-service",
                    "{\"licenceId\":\"" + nobody + "\",\"publicationId\":\"" + nobody + "\",\"holderId\":\"" + nobody
                            + "\",\"at\":\"" + Instant.now() + "\"}");
            default -> throw new IllegalArgumentException("no marker for " + topic);
        }
        return marker;
    }

    /** Reads the topic from the beginning until a record matches or the time is up; returns every record read. */
    public static List<ConsumerRecord<String, String>> readUntil(String topic, Predicate<ConsumerRecord<String, String>> wanted, Duration timeout) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            Instant end = Instant.now().plus(timeout);
            while (Instant.now().isBefore(end)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(record);
                    if (wanted.test(record)) {
                        return seen;
                    }
                }
            }
        }
        return seen;
    }

    public static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The broker the application under test uses (test resources may live in another class loader). */
    private static String bootstrapServers() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
