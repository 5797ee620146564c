package fi.lainaamo.platform.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.lainaamo.events.EventContracts;
import fi.lainaamo.platform.faults.Outages;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How every Lainaamo consumer takes a record, so that no consumer ever stops by itself:
 * <ul>
 *   <li>a record that can never be applied (not a CloudEvent, unreadable data, a broken contract, another version of
 *   a type this build knows) is set aside at once as a dead letter, and the consumer goes on with the next;</li>
 *   <li>any other failure is retried with backoff, in order and without acknowledging, for as long as it lasts
 *   (the database or the broker away, a timeout); a failure that keeps repeating while the database answers is the
 *   record's own fault and it is set aside after {@code lainaamo.consumers.attempts-before-dead-letter} attempts;</li>
 *   <li>types the consumer does not handle are acknowledged and ignored, as are duplicates (processed-event log).</li>
 * </ul>
 * The effect and its processed-event row commit in one transaction that this class opens.
 */
@ApplicationScoped
public class EventIntake {

    private static final Logger LOG = Logger.getLogger(EventIntake.class);
    /** How long a batch waits before it asks a closed handler again ({@link NotNow}). */
    private static final long NOT_NOW_PAUSE_MILLIS = 500;

    @Inject
    ProcessedEvents processed;

    @Inject
    DeadLetters deadLetters;

    @Inject
    ObjectMapper json;

    @Inject
    EntityManager em;

    @Inject
    DataSource dataSource;

    @Inject
    MeterRegistry metrics;

    @ConfigProperty(name = "lainaamo.consumers.attempts-before-dead-letter", defaultValue = "8")
    int attemptsBeforeDeadLetter;

    @ConfigProperty(name = "lainaamo.consumers.max-backoff", defaultValue = "5s")
    Duration maxBackoff;

    private volatile boolean stopping;
    private final Map<String, Retrying> retrying = new ConcurrentHashMap<>();

    /** A consumer that is retrying a record: since when, how often, and the last failure (for readiness and admins). */
    public record Retrying(String topic, int partition, long offset, Instant since, int attempts, String lastFailure) {
    }

    /** Where the lanes other than the first run ({@link EventHandler#lanes}); the consumer's own thread takes the first. */
    private final AtomicInteger lanesMade = new AtomicInteger();
    private final ExecutorService laneThreads = Executors.newCachedThreadPool(work -> {
        Thread thread = new Thread(work, "event-lane-" + lanesMade.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    void onStop(@Observes ShutdownEvent stop) {
        stopping = true;
        laneThreads.shutdown();
    }

    /** Applies one record; returns only once it is applied, ignored or set aside. */
    public void accept(EventHandler handler, ConsumerRecord<String, String> record) {
        int attempt = 0;
        while (true) {
            try {
                applyOnce(handler, record);
                settled(handler);
                return;
            } catch (NotNow closed) {
                waitWhile(closed);
            } catch (UnprocessableEvent unprocessable) {
                setAside(handler, record, unprocessable);
                settled(handler);
                return;
            } catch (RuntimeException failure) {
                attempt++;
                if (!Outages.isOutage(failure) && attempt >= attemptsBeforeDeadLetter && databaseAnswers()) {
                    setAside(handler, record, new UnprocessableEvent("keeps-failing",
                            "failed " + attempt + " times while the database answered: " + Outages.summary(failure)));
                    settled(handler);
                    return;
                }
                waitBeforeRetry(handler, record, attempt, failure);
            }
        }
    }

    /**
     * Applies a poll's worth of records in one transaction (imports send thousands of small events). If the batch
     * fails, nothing of it is committed and each record is taken again on its own, with the usual retry and dead
     * letters, so one bad record costs one batch, not the consumer. The handler's {@link EventHandler#enter} runs first
     * in the batch's transaction; while it answers {@link NotNow} the batch waits and is taken again.
     * <p>A handler with {@link EventHandler#lanes} above one has the poll split by record key into that many lanes,
     * applied side by side, each lane in order and in a transaction of its own; this returns (and the poll is
     * acknowledged) only once every lane is applied.
     */
    public void acceptAll(EventHandler handler, ConsumerRecords<String, String> records) {
        if (!anyConcerns(handler, records)) {
            return; // none of its business: no transaction at all
        }
        int lanes = Math.min(handler.lanes(), records.count());
        if (lanes <= 1) {
            acceptConcerning(handler, records);
            return;
        }
        List<List<ConsumerRecord<String, String>>> byLane = byKey(records, lanes);
        List<Future<?>> others = new ArrayList<>();
        RuntimeException failed = null;
        for (List<ConsumerRecord<String, String>> lane : byLane.subList(1, byLane.size())) {
            if (!lane.isEmpty() && failed == null) {
                try {
                    others.add(laneThreads.submit(() -> inRequestContext(() -> acceptConcerning(handler, lane))));
                } catch (RejectedExecutionException stopped) {
                    failed = stopped; // the service is stopping: the lanes begun are waited for, the poll is not acknowledged
                }
            }
        }
        try {
            if (failed == null && !byLane.get(0).isEmpty()) {
                acceptConcerning(handler, byLane.get(0));
            }
        } catch (RuntimeException failure) {
            failed = failure;
        }
        for (Future<?> lane : others) {
            try {
                lane.get(); // every lane ends before the poll is acknowledged, or fails it
            } catch (ExecutionException failure) {
                failed = failed != null ? failed : failure.getCause() instanceof RuntimeException r ? r
                        : new IllegalStateException(failure.getCause());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                failed = failed != null ? failed : new IllegalStateException("interrupted while the lanes ran", interrupted);
            }
        }
        if (failed != null) {
            throw failed; // only while stopping: not acknowledged, delivered again after the restart
        }
    }

    /** The records by lane: a key always goes to the same lane, and each lane keeps the poll's order. */
    private static List<List<ConsumerRecord<String, String>>> byKey(Iterable<ConsumerRecord<String, String>> records, int lanes) {
        List<List<ConsumerRecord<String, String>>> byLane = new ArrayList<>(lanes);
        for (int i = 0; i < lanes; i++) {
            byLane.add(new ArrayList<>());
        }
        for (ConsumerRecord<String, String> record : records) {
            byLane.get(Math.floorMod(Objects.hashCode(record.key()), lanes)).add(record);
        }
        return byLane;
    }

    private static void inRequestContext(Runnable work) {
        ManagedContext request = Arc.container().requestContext();
        request.activate();
        try {
            work.run();
        } finally {
            request.terminate();
        }
    }

    private void acceptConcerning(EventHandler handler, Iterable<ConsumerRecord<String, String>> records) {
        while (true) {
            try {
                applyBatch(handler, records);
                settled(handler);
                return;
            } catch (NotNow closed) {
                waitWhile(closed); // the same batch again, once the handler's gate lets it in
            } catch (RuntimeException failure) {
                if (stopping) {
                    throw failure;
                }
                for (ConsumerRecord<String, String> record : records) {
                    accept(handler, record);
                }
                return;
            }
        }
    }

    private void applyBatch(EventHandler handler, Iterable<ConsumerRecord<String, String>> records) {
        QuarkusTransaction.requiringNew().run(() -> {
            handler.enter();
            List<ReceivedEvent> admitted = new ArrayList<>();
            for (ConsumerRecord<String, String> record : records) {
                ReceivedEvent event = admit(handler, record);
                if (event != null) {
                    admitted.add(event);
                }
            }
            // the batch's processed-event entries in one statement, then the new events: those the handler takes ahead,
            // then the rest one by one, in order
            Set<ProcessedEvents.Delivery> first = processed.firstDeliveries(admitted);
            List<ReceivedEvent> fresh = new ArrayList<>();
            for (ReceivedEvent event : admitted) {
                if (first.remove(ProcessedEvents.Delivery.of(event))) {
                    fresh.add(event);
                }
            }
            List<ReceivedEvent> rest = fresh.isEmpty() ? fresh : handler.applyAhead(fresh);
            for (ReceivedEvent event : rest) {
                // what one event changed is written before the next: no entity read for one goes stale under another
                em.flush();
                em.clear();
                handler.apply(event);
            }
            em.flush();
            em.clear();
        });
    }

    /**
     * Applies a dead letter's record once more, after a fix; throws {@link UnprocessableEvent} when it still cannot be
     * applied and any other failure as it comes (the caller answers 503 for an outage).
     */
    public void redrive(EventHandler handler, ConsumerRecord<String, String> record) {
        applyOnce(handler, record);
    }

    /** Consumers retrying a record right now, by channel. */
    public Map<String, Retrying> retrying() {
        return Map.copyOf(retrying);
    }

    private void applyOnce(EventHandler handler, ConsumerRecord<String, String> record) {
        if (!concerns(handler, record)) {
            return; // another consumer's type: no transaction, no gate
        }
        QuarkusTransaction.requiringNew().run(() -> {
            handler.enter(); // first, as in a batch: while the handler is closed, not even a bad record is judged
            ReceivedEvent event = admit(handler, record);
            if (event != null && processed.firstDelivery(event)) {
                handler.apply(event);
            }
        });
    }

    /**
     * Whether any of the records may be the handler's business: a type it handles or another version of one (set
     * aside as a dead letter), or a record that is not a CloudEvent (set aside too). Reads headers only, so a
     * consumer can skip the work around a batch (a transaction, a lock) when every record is another consumer's.
     */
    public boolean anyConcerns(EventHandler handler, ConsumerRecords<String, String> records) {
        for (ConsumerRecord<String, String> record : records) {
            if (concerns(handler, record)) {
                return true;
            }
        }
        return false;
    }

    private static boolean concerns(EventHandler handler, ConsumerRecord<String, String> record) {
        String type = ReceivedEvent.cloudEventType(record);
        return type == null || handler.handles(type) || EventContracts.otherVersionOf(type).filter(handler::handles).isPresent();
    }

    /** The event when this consumer handles it and it keeps its contract; null when it is none of its business. */
    private ReceivedEvent admit(EventHandler handler, ConsumerRecord<String, String> record) {
        ReceivedEvent event = ReceivedEvent.from(record);
        if (!handler.handles(event.type())) {
            Optional<String> known = EventContracts.otherVersionOf(event.type());
            if (known.isPresent() && handler.handles(known.get())) {
                throw new UnprocessableEvent("unknown-version", event.type() + " is a version of " + known.get()
                        + " that this service does not know yet");
            }
            return null;
        }
        if (event.data() == null) {
            throw new UnprocessableEvent("unreadable-data", event.type() + " came without data");
        }
        JsonNode data;
        try {
            data = json.readTree(event.data());
        } catch (IOException notJson) {
            throw new UnprocessableEvent("unreadable-data", "the data of " + event.type() + " is not JSON");
        }
        List<String> violations = EventContracts.violations(event.type(), data);
        if (!violations.isEmpty()) {
            throw new UnprocessableEvent("contract-violated", "the data breaks the contract of " + event.type() + ": "
                    + String.join("; ", violations));
        }
        return event;
    }

    private void setAside(EventHandler handler, ConsumerRecord<String, String> record, UnprocessableEvent why) {
        int attempt = 0;
        while (true) {
            try {
                deadLetters.setAside(handler.channel(), record, why);
                LOG.warnf("%s set aside the record at %s/%d@%d as a dead letter: %s", handler.channel(), record.topic(),
                        record.partition(), record.offset(), why.reason());
                return;
            } catch (RuntimeException failure) {
                waitBeforeRetry(handler, record, ++attempt, failure);
            }
        }
    }

    private void waitBeforeRetry(EventHandler handler, ConsumerRecord<String, String> record, int attempt, RuntimeException failure) {
        if (stopping) {
            throw failure; // not acknowledged: the record is delivered again after the restart
        }
        String summary = Outages.summary(failure);
        retrying.compute(handler.channel(), (channel, before) -> new Retrying(record.topic(), record.partition(), record.offset(),
                before != null && before.offset() == record.offset() ? before.since() : Instant.now(), attempt, summary));
        metrics.counter("lainaamo.consumer.retries", "consumer", handler.channel()).increment();
        if (attempt == 1 || attempt % 20 == 0) {
            LOG.warnf("%s will retry the record at %s/%d@%d (attempt %d): %s", handler.channel(), record.topic(),
                    record.partition(), record.offset(), attempt, summary);
        }
        long backoff = Math.min(maxBackoff.toMillis(), 100L << Math.min(attempt, 10));
        try {
            // the consumer's own worker thread waits: records behind this one must not overtake it
            TimeUnit.MILLISECONDS.sleep(backoff);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw failure;
        }
    }

    /** A handler's gate is closed: the same records are taken again after a pause that counts as no attempt. */
    private void waitWhile(NotNow closed) {
        if (stopping) {
            throw closed; // not acknowledged: delivered again after the restart
        }
        try {
            TimeUnit.MILLISECONDS.sleep(NOT_NOW_PAUSE_MILLIS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw closed;
        }
    }

    private void settled(EventHandler handler) {
        if (!retrying.isEmpty()) {
            retrying.remove(handler.channel());
        }
    }

    /** Whether the database answers within a second (a failure while it does is the record's own). */
    private boolean databaseAnswers() {
        try {
            return CompletableFuture.supplyAsync(() -> {
                try (Connection connection = dataSource.getConnection()) {
                    return connection.isValid(1);
                } catch (Exception e) {
                    return false;
                }
            }).get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            return false;
        }
    }
}
