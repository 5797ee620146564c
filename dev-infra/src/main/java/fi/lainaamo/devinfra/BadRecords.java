package fi.lainaamo.devinfra;

import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/**
 * The same check for every consumer of every service: each kind of record that can never be applied is published
 * ahead of a good one on the same key. The good one must be applied within seconds; each bad one must be a dead
 * letter with its reason (admin API and the consumer's dead-letter topic); the service must stay ready.
 */
public final class BadRecords {

    /** The reason codes the four kinds of bad record must be set aside with. */
    public static final Set<String> REASONS = Set.of("not-a-cloudevent", "unreadable-data", "contract-violated", "unknown-version");

    private BadRecords() {
    }

    /**
     * Publishes the bad records and then the good event, waits for {@code applied}, and checks the dead letters.
     *
     * @param service      the service under test, e.g. license-service (names the dead-letter topic)
     * @param consumer     the consumer's channel, e.g. loan-events
     * @param topic        the topic it reads
     * @param key          a key no other test uses (the records share a partition, bad ones first)
     * @param handledType  an event type the consumer applies, e.g. fi.lainaamo.loan.started.v1
     * @param sendGood     publishes the good event on {@code key}
     * @param applied      true once the good event's effect is visible
     */
    public static void areSetAsideWhileTheConsumerGoesOn(String service, String consumer, String topic, String key, String handledType,
                                                         Runnable sendGood, BooleanSupplier applied) {
        areSetAsideWhileTheConsumerGoesOn(service, consumer, topic, key, handledType, sendGood, applied, TestTokens.consortiumAdmin());
    }

    /** As above, with the consortium admin's token from the service's own identity (patron-service signs its own). */
    public static void areSetAsideWhileTheConsumerGoesOn(String service, String consumer, String topic, String key, String handledType,
                                                         Runnable sendGood, BooleanSupplier applied, String admin) {
        String source = "urn:lainaamo:test";
        send(topic, key, "no envelope at all");
        TestKafka.sendCloudEvent(topic, key, UUID.randomUUID(), handledType, source, "{not json");
        TestKafka.sendCloudEvent(topic, key, UUID.randomUUID(), handledType, source, "{\"unexpected\":true}");
        TestKafka.sendCloudEvent(topic, key, UUID.randomUUID(), handledType.replaceFirst("\\.v\\d+$", ".v99"), source, "{}");
        sendGood.run();

        await().atMost(Duration.ofSeconds(30)).until(applied::getAsBoolean);

        await().atMost(Duration.ofSeconds(10)).until(() -> reasonsOf(admin, consumer, key).containsAll(REASONS));
        JsonPath letters = given().auth().oauth2(admin).queryParam("consumer", consumer).queryParam("limit", 200)
                .get("/v1/admin/dead-letters").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> ours = letters.<Map<String, Object>>getList("items").stream()
                .filter(item -> key.equals(item.get("key"))).toList();
        if (ours.size() != REASONS.size()) {
            throw new AssertionError("expected exactly the " + REASONS.size() + " bad records as dead letters, found " + ours);
        }

        String deadLetterTopic = "lainaamo.dlq." + service + "." + consumer;
        int[] ofOurs = {0};
        List<ConsumerRecord<String, String>> onTopic = TestKafka.readUntil(deadLetterTopic,
                r -> key.equals(r.key()) && ++ofOurs[0] == REASONS.size(), Duration.ofSeconds(15))
                .stream().filter(r -> key.equals(r.key())).toList();
        Set<String> topicReasons = onTopic.stream().map(r -> TestKafka.header(r, "dead-letter-reason-code")).collect(Collectors.toSet());
        if (onTopic.size() != REASONS.size() || !topicReasons.equals(REASONS)
                || onTopic.stream().anyMatch(r -> TestKafka.header(r, "dead-letter-reason") == null)) {
            throw new AssertionError(deadLetterTopic + " should hold the four bad records with their reasons, holds " + topicReasons);
        }

        given().get("/ready").then().statusCode(200);
    }

    private static Set<String> reasonsOf(String admin, String consumer, String key) {
        List<Map<String, Object>> items = given().auth().oauth2(admin).queryParam("consumer", consumer).queryParam("limit", 200)
                .get("/v1/admin/dead-letters").then().statusCode(200).extract().jsonPath().getList("items");
        return items.stream().filter(item -> key.equals(item.get("key"))).map(item -> (String) item.get("reasonCode"))
                .collect(Collectors.toSet());
    }

    private static void send(String topic, String key, String value) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot send a test record to " + topic, e);
        }
    }
}
