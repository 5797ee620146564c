package fi.lainaamo.loan.live;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;

/**
 * Tells {@link LiveEvents} when its consumer listens. The group starts at the latest record, and "latest" is only
 * fixed when the consumer first asks for its position: asking here, before saying it listens, means no record
 * committed after this moment can slip by unseen.
 */
@ApplicationScoped
@Identifier("loan-events-live")
public class LiveAssignment implements KafkaConsumerRebalanceListener {

    @Inject
    LiveEvents live;

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        partitions.forEach(consumer::position);
        live.listening();
    }
}
