package fi.lainaamo.platform.outbox;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/**
 * Wakes the relay periodically, so events committed before a crash or a restart go out. It starts only once the
 * application has started: the Kafka channel is connected during start-up, and the relay cannot exist before it.
 */
@ApplicationScoped
public class OutboxPoller {

    @Inject
    OutboxRelay relay;

    @Inject
    EntityManager em;

    @ConfigProperty(name = "lainaamo.outbox.keep-published", defaultValue = "P7D")
    Duration keepPublished;

    private volatile boolean started;

    // default observer priority: after SmallRye Reactive Messaging has connected its channels
    void started(@Observes StartupEvent event) {
        started = true;
        relay.wakeUp();
    }

    /** Published events are kept a while for diagnosis, then deleted: they carry pseudonymous ids only, but GDPR wants less. */
    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void purgePublished() {
        em.createNativeQuery("delete from outbox_event where sent_at < now() - cast(?1 as interval)")
                .setParameter(1, keepPublished.toSeconds() + " seconds").executeUpdate();
    }

    @Scheduled(every = "${lainaamo.outbox.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        if (started) {
            relay.wakeUp();
        }
    }
}
