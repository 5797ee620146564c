package fi.lainaamo.platform.outbox;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes committed outbox rows to Kafka as binary-mode CloudEvents, in id order, and deletes them only after the
 * broker acknowledged them (at least once; consumers drop duplicates by event id). Published rows are not kept: they
 * carry pseudonymous patron ids, and an erased patron must leave no trace here. One relay runs at a time
 * across all instances of a service (a PostgreSQL advisory lock), which keeps per-key order. It wakes after every
 * commit that wrote an event and also polls, so events committed before a crash or restart go out when it starts.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final long RELAY_LOCK = 0x4c41494e41414d4fL; // "LAINAAMO"

    /**
     * Kafka record header with the event's outbox sequence ({@code outbox_event.id}, decimal): it grows with every
     * event the service writes, so a consumer can tell which events it has seen without another id of its own
     * (loan-service's live updates use it as the SSE event id). Not a CloudEvents attribute: it is this service's
     * own order, meaningless across services.
     */
    public static final String SEQUENCE_HEADER = "lainaamo-sequence";

    @Inject
    EntityManager em;

    @Inject
    @Channel("outbox")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2048)
    Emitter<String> emitter;

    @ConfigProperty(name = "lainaamo.service-name")
    String serviceName;

    @ConfigProperty(name = "lainaamo.outbox.batch-size", defaultValue = "500")
    int batchSize;

    @ConfigProperty(name = "lainaamo.outbox.enabled", defaultValue = "true")
    boolean enabled;

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "outbox-relay"));
    private final AtomicBoolean wakeUpPending = new AtomicBoolean();
    private final AtomicBoolean paused = new AtomicBoolean();

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxWritten written) {
        wakeUp();
    }

    /** Asks for a relay run; runs requested while one is queued collapse into it. */
    public void wakeUp() {
        if (enabled && !paused.get() && !worker.isShutdown() && wakeUpPending.compareAndSet(false, true)) {
            worker.submit(this::drain);
        }
    }

    private void drain() {
        wakeUpPending.set(false);
        try {
            while (relayBatch() == batchSize) {
                // a full batch: more may be waiting
            }
        } catch (Exception e) {
            LOG.warnf("outbox relay will retry: %s", e.getMessage());
        }
    }

    /** Publishes up to one batch of unsent events; returns how many were published. */
    @Transactional
    public int relayBatch() throws Exception {
        Boolean locked = (Boolean) em.createNativeQuery("select pg_try_advisory_xact_lock(?1)")
                .setParameter(1, RELAY_LOCK).getSingleResult();
        if (!locked) {
            return 0; // another instance is relaying
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select id, event_id, type, subject, partition_key, payload, traceparent, created_at "
                        + "from outbox_event where sent_at is null order by id limit ?1")
                .setParameter(1, batchSize).getResultList();
        if (rows.isEmpty()) {
            return 0;
        }
        List<CompletableFuture<Void>> acks = new ArrayList<>(rows.size());
        List<Long> ids = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            ids.add(((Number) row[0]).longValue());
            acks.add(send(row));
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        em.createNativeQuery("delete from outbox_event where id in (?1)")
                .setParameter(1, ids).executeUpdate();
        return rows.size();
    }

    private CompletableFuture<Void> send(Object[] row) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(SEQUENCE_HEADER, row[0].toString().getBytes(StandardCharsets.UTF_8));
        if (row[6] != null) {
            headers.add("traceparent", row[6].toString().getBytes(StandardCharsets.UTF_8));
        }
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey((String) row[4])
                .withHeaders(headers)
                .build();
        OutgoingCloudEventMetadata<Object> cloudEvent = OutgoingCloudEventMetadata.builder()
                .withId(row[1].toString())
                .withType((String) row[2])
                .withSource(URI.create("urn:lainaamo:" + serviceName))
                .withSubject((String) row[3])
                .withDataContentType("application/json")
                .withTimestamp(timestamp(row[7]))
                .build();
        return BrokerAcks.send(emitter, Message.of((String) row[5])
                .addMetadata(kafka)
                .addMetadata(cloudEvent));
    }

    private static ZonedDateTime timestamp(Object value) {
        if (value instanceof OffsetDateTime odt) {
            return odt.toZonedDateTime();
        }
        if (value instanceof java.time.Instant instant) {
            return instant.atZone(java.time.ZoneOffset.UTC);
        }
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toInstant().atZone(java.time.ZoneOffset.UTC);
        }
        return ZonedDateTime.now();
    }

    /** Stops publishing (events keep accumulating in the outbox), e.g. while Kafka is under maintenance. */
    public void pause() {
        paused.set(true);
    }

    /** Starts publishing again, beginning with whatever was committed meanwhile. */
    public void resume() {
        paused.set(false);
        wakeUp();
    }

    void stop(@Observes ShutdownEvent event) {
        worker.shutdown();
    }

    /** For tests: events not yet published. */
    @Transactional
    public long pending() {
        return ((Number) em.createNativeQuery("select count(*) from outbox_event where sent_at is null").getSingleResult()).longValue();
    }

    /** For tests: whether a committed event has been published (its row is gone once the broker acknowledged it). */
    @Transactional
    public boolean isSent(UUID eventId) {
        return em.createNativeQuery("select 1 from outbox_event where event_id = ?1")
                .setParameter(1, eventId).getResultList().isEmpty();
    }
}
