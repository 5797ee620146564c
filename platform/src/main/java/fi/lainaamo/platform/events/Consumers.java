package fi.lainaamo.platform.events;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.smallrye.reactive.messaging.PausableChannel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The consumers of this service as an operator sees them: topic, group, lag, dead letters, whether one is retrying a
 * record, and pausing or resuming one. Every question to the broker waits at most {@link #ASK_WITHIN}, so readiness
 * and the admin API answer quickly whatever the broker is doing.
 */
@ApplicationScoped
public class Consumers {

    public static final Duration ASK_WITHIN = Duration.ofMillis(1200);

    @Inject
    @Any
    Instance<EventHandler> handlers;

    @Inject
    Config config;

    @Inject
    ChannelRegistry channels;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private volatile Admin admin;

    /** One consumer: the handler and where it reads. */
    public record Consumer(String channel, String topic, String group, EventHandler handler) {
    }

    /** Lag of one consumer: records published but not yet applied, per partition and in all. */
    public record Lag(long total, Map<Integer, Long> byPartition) {
    }

    public List<Consumer> all() {
        return handlers.stream()
                .map(h -> new Consumer(h.channel(), setting(h.channel(), "topic"), setting(h.channel(), "group.id"), h))
                .sorted(java.util.Comparator.comparing(Consumer::channel))
                .toList();
    }

    public Optional<Consumer> named(String channel) {
        return all().stream().filter(c -> c.channel().equals(channel)).findFirst();
    }

    /** The consumer's lag, or empty when the broker does not answer in time. */
    public Optional<Lag> lag(Consumer consumer) {
        try {
            Admin kafka = admin();
            TopicDescription topic = kafka.describeTopics(List.of(consumer.topic())).allTopicNames()
                    .get(ASK_WITHIN.toMillis(), TimeUnit.MILLISECONDS).get(consumer.topic());
            Map<TopicPartition, OffsetSpec> latest = topic.partitions().stream()
                    .collect(Collectors.toMap(p -> new TopicPartition(consumer.topic(), p.partition()), p -> OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = kafka.listOffsets(latest).all()
                    .get(ASK_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = kafka.listConsumerGroupOffsets(consumer.group())
                    .partitionsToOffsetAndMetadata().get(ASK_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
            Map<Integer, Long> byPartition = new TreeMap<>();
            long total = 0;
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : ends.entrySet()) {
                OffsetAndMetadata done = committed.get(end.getKey());
                long lag = Math.max(0, end.getValue().offset() - (done == null ? 0 : done.offset()));
                byPartition.put(end.getKey().partition(), lag);
                total += lag;
            }
            return Optional.of(new Lag(total, byPartition));
        } catch (Exception unanswered) {
            return Optional.empty();
        }
    }

    /** Whether the broker answers in time. */
    public boolean brokerAnswers() {
        try {
            admin().describeCluster().clusterId().get(ASK_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception unanswered) {
            return false;
        }
    }

    /** Stops taking records on this channel (what is in flight finishes); they wait on the topic until resumed. */
    public void pause(String channel) {
        pausable(channel).pause();
    }

    public void resume(String channel) {
        pausable(channel).resume();
    }

    public boolean paused(String channel) {
        PausableChannel pausable = channels.getPausable(channel);
        return pausable != null && pausable.isPaused();
    }

    private PausableChannel pausable(String channel) {
        PausableChannel pausable = channels.getPausable(channel);
        if (pausable == null) {
            throw new IllegalStateException(channel + " is not pausable: set mp.messaging.incoming." + channel + ".pausable=true");
        }
        return pausable;
    }

    private String setting(String channel, String name) {
        return config.getOptionalValue("mp.messaging.incoming." + channel + "." + name, String.class).orElse(null);
    }

    private Admin admin() {
        Admin current = admin;
        if (current == null) {
            synchronized (this) {
                if (admin == null) {
                    Properties p = new Properties();
                    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
                    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ASK_WITHIN.toMillis());
                    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ASK_WITHIN.toMillis() * 2);
                    p.put(AdminClientConfig.CLIENT_ID_CONFIG, "lainaamo-consumers-" + ProcessHandle.current().pid());
                    admin = Admin.create(p);
                }
                current = admin;
            }
        }
        return current;
    }

    void onStop(@Observes ShutdownEvent stop) {
        Admin current = admin;
        if (current != null) {
            current.close(Duration.ofSeconds(1));
        }
    }
}
