package fi.lainaamo.platform.outbox;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Wakes the relay periodically, so events committed before a crash or a restart go out. It starts only once the
 * application has started: the Kafka channel is connected during start-up, and the relay cannot exist before it.
 */
@ApplicationScoped
public class OutboxPoller {

    @Inject
    OutboxRelay relay;

    private volatile boolean started;

    // default observer priority: after SmallRye Reactive Messaging has connected its channels
    void started(@Observes StartupEvent event) {
        started = true;
        relay.wakeUp();
    }

    @Scheduled(every = "${lainaamo.outbox.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        if (started) {
            relay.wakeUp();
        }
    }
}
