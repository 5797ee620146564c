package fi.lainaamo.devinfra;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The broker comes up with Lainaamo's topics made and led, so no service's first record makes a topic. */
class KafkaBrokerTest {

    @Test
    void theTopicsAreThereWithTheirLeadersWhenTheBrokerIsUpAndAgainWhenItsLogIsReused(@TempDir Path logDir) throws Exception {
        int brokerPort = Ports.free();
        int controllerPort = Ports.free();
        try (KafkaBroker broker = KafkaBroker.start(brokerPort, controllerPort, logDir)) {
            assertLed(broker);
            // an idempotent producer's first record goes to a topic that is already there
            Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
                RecordMetadata sent = producer.send(new ProducerRecord<>("lainaamo.platform-test.v1", "k", "{}"))
                        .get(30, TimeUnit.SECONDS);
                assertEquals(0, sent.offset());
            }
        }
        // a kept log (the local stack's): the topics are there already, which is not an error
        try (KafkaBroker broker = KafkaBroker.start(brokerPort, controllerPort, logDir)) {
            assertLed(broker);
        }
    }

    private static void assertLed(KafkaBroker broker) throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            Map<String, TopicDescription> topics = admin.describeTopics(KafkaBroker.TOPICS).allTopicNames().get(30, TimeUnit.SECONDS);
            assertEquals(KafkaBroker.TOPICS.size(), topics.size());
            for (TopicDescription topic : topics.values()) {
                assertEquals(3, topic.partitions().size(), topic.name());
                topic.partitions().forEach(p -> assertTrue(p.leader() != null && !p.leader().isEmpty(), topic.name() + " " + p));
            }
            assertFalse(topics.isEmpty());
        }
    }
}
