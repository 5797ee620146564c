package fi.lainaamo.report.rebuild;

import fi.lainaamo.platform.events.EventHandler;
import fi.lainaamo.platform.events.EventIntake;
import fi.lainaamo.platform.problem.ProblemException;
import fi.lainaamo.report.licences.LicenceEvents;
import fi.lainaamo.report.libraries.LibraryEvents;
import fi.lainaamo.report.loans.LoanEvents;
import fi.lainaamo.report.publications.CatalogEvents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds every report table from the topics, from their first offset: the live consumers wait at the
 * {@link ProjectionGate}; the tables and the processed-event log are emptied; a consumer of its own (no group, every
 * partition assigned and read from the beginning) applies each record up to the end offsets seen at the start, through
 * the same handlers and the same intake as the live consumers; then the gate opens. The live consumers' offsets are not
 * touched: what they receive again is dropped by the processed-event log, what came after the rebuild's end offsets
 * they apply as usual. Needs the topics to keep every record (README: retention).
 */
@ApplicationScoped
public class Rebuild {

    private static final Logger LOG = Logger.getLogger(Rebuild.class);
    /** Every table the consumers fill; the processed-event log with them, or nothing would be applied again. */
    private static final String TABLES = "loan_day, loan_month, loan_month_share, hold_day, hold_wait, licence_day, licence, publication, borrower_mark, "
            + "borrower_count, library_municipality, library, processed_event";

    @Inject
    ProjectionGate gate;

    @Inject
    EventIntake intake;

    @Inject
    EntityManager em;

    @Inject
    LoanEvents loans;

    @Inject
    LicenceEvents licences;

    @Inject
    CatalogEvents catalogue;

    @Inject
    LibraryEvents libraries;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "mp.messaging.incoming.loan-events.topic")
    String loanTopic;

    @ConfigProperty(name = "mp.messaging.incoming.licence-events.topic")
    String licenceTopic;

    @ConfigProperty(name = "mp.messaging.incoming.catalog-events.topic")
    String catalogTopic;

    @ConfigProperty(name = "mp.messaging.incoming.patron-events.topic")
    String patronTopic;

    /** This instance's rebuild while it runs; what others see comes from the table {@code rebuild_status}. */
    private volatile Status status = new Status("never", null, null, 0, 0, null);

    /**
     * How the last rebuild went, whichever instance ran it: state never, running, done or failed, and records done of
     * the total to read. Kept in the database ({@code rebuild_status}), so every instance answers the same; a rebuild
     * recorded as running whose instance stopped (its lock is gone) is answered as failed.
     */
    public record Status(String state, Instant startedAt, Instant finishedAt, long recordsDone, long recordsTotal, String failure) {
    }

    public Status status() {
        Status own = status;
        if ("running".equals(own.state())) {
            return own;
        }
        Status recorded = QuarkusTransaction.requiringNew().call(this::recorded);
        if ("running".equals(recorded.state()) && !gate.closedAnywhere()) {
            return new Status("failed", recorded.startedAt(), null, recorded.recordsDone(), recorded.recordsTotal(),
                    "the instance running the rebuild stopped before it finished; start another");
        }
        return recorded;
    }

    /** Starts a rebuild in the background; 409 rebuild-running while one runs here or on another instance. */
    public synchronized Status start() {
        if ("running".equals(status.state()) || gate.closedAnywhere()) {
            throw ProblemException.conflict("rebuild-running");
        }
        status = new Status("running", Instant.now(), null, 0, 0, null);
        Thread worker = new Thread(this::run, "report-rebuild");
        worker.setDaemon(true);
        worker.start();
        return status;
    }

    private void run() {
        Instant started = status.startedAt();
        try {
            if (!gate.close(Duration.ofMinutes(2))) {
                throw new IllegalStateException("the live consumers did not finish their batches within two minutes, "
                        + "or another instance rebuilds; try again later");
            }
            record(status);
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("truncate " + TABLES).executeUpdate());
            // the rebuild holds the gate closed itself: its batches do not ask to enter it
            Map<String, EventHandler> handlers = Map.of(loanTopic, EventHandler.withoutEntering(loans),
                    licenceTopic, EventHandler.withoutEntering(licences), catalogTopic, EventHandler.withoutEntering(catalogue),
                    patronTopic, EventHandler.withoutEntering(libraries));
            replay(handlers, started);
            finish(new Status("done", started, Instant.now(), status.recordsDone(), status.recordsTotal(), null));
            LOG.infof("report rebuild done: %d records in %s", status.recordsDone(), Duration.between(started, Instant.now()));
        } catch (Exception | Error e) {
            finish(new Status("failed", started, Instant.now(), status.recordsDone(), status.recordsTotal(), e.getMessage()));
            LOG.errorf(e, "report rebuild failed after %d records", status.recordsDone());
        } finally {
            gate.open(); // also after a failure: the live consumers go on (a failed rebuild leaves partial tables; start another)
        }
    }

    private void finish(Status finished) {
        try {
            record(finished);
        } finally {
            status = finished;
        }
    }

    private void progress(Status running) {
        status = running;
        record(running);
    }

    private void record(Status s) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("insert into rebuild_status (id, state, started_at, "
                        + "finished_at, records_done, records_total, failure) values (1, ?1, ?2, ?3, ?4, ?5, ?6) on conflict (id) do update "
                        + "set state = excluded.state, started_at = excluded.started_at, finished_at = excluded.finished_at, "
                        + "records_done = excluded.records_done, records_total = excluded.records_total, failure = excluded.failure")
                .setParameter(1, s.state()).setParameter(2, s.startedAt()).setParameter(3, s.finishedAt())
                .setParameter(4, s.recordsDone()).setParameter(5, s.recordsTotal()).setParameter(6, s.failure()).executeUpdate());
    }

    private Status recorded() {
        List<?> rows = em.createNativeQuery("select state, started_at, finished_at, records_done, records_total, failure "
                + "from rebuild_status where id = 1").getResultList();
        if (rows.isEmpty()) {
            return new Status("never", null, null, 0, 0, null);
        }
        Object[] r = (Object[]) rows.get(0);
        return new Status((String) r[0], instant(r[1]), instant(r[2]), ((Number) r[3]).longValue(), ((Number) r[4]).longValue(), (String) r[5]);
    }

    private static Instant instant(Object value) {
        return value == null ? null : value instanceof Instant i ? i : value instanceof java.time.OffsetDateTime o ? o.toInstant()
                : ((java.sql.Timestamp) value).toInstant();
    }

    private void replay(Map<String, EventHandler> handlers, Instant started) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000",
                ConsumerConfig.CLIENT_ID_CONFIG, "report-service-rebuild",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : handlers.keySet()) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
                if (infos != null) {
                    infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
            long total = partitions.stream().mapToLong(tp -> end.get(tp) - begin.get(tp)).sum();
            progress(new Status("running", started, null, 0, total, null));
            end.entrySet().removeIf(e -> e.getValue() <= begin.get(e.getKey()));
            consumer.pause(partitions.stream().filter(tp -> !end.containsKey(tp)).toList());
            long done = 0;
            while (!end.isEmpty()) {
                ConsumerRecords<String, String> polled = consumer.poll(Duration.ofMillis(500));
                Map<String, Map<TopicPartition, List<ConsumerRecord<String, String>>>> byTopic = new LinkedHashMap<>();
                for (TopicPartition tp : polled.partitions()) {
                    Long stop = end.get(tp);
                    List<ConsumerRecord<String, String>> wanted = polled.records(tp).stream()
                            .filter(r -> stop != null && r.offset() < stop).toList();
                    if (!wanted.isEmpty()) {
                        byTopic.computeIfAbsent(tp.topic(), t -> new LinkedHashMap<>()).put(tp, wanted);
                    }
                }
                for (Map.Entry<String, Map<TopicPartition, List<ConsumerRecord<String, String>>>> topic : byTopic.entrySet()) {
                    ConsumerRecords<String, String> batch = new ConsumerRecords<>(topic.getValue(), Map.of());
                    intake.acceptAll(handlers.get(topic.getKey()), batch);
                    done += batch.count();
                }
                for (TopicPartition tp : List.copyOf(end.keySet())) {
                    if (consumer.position(tp) >= end.get(tp)) {
                        end.remove(tp);
                        consumer.pause(List.of(tp));
                    }
                }
                progress(new Status("running", started, null, done, total, null));
            }
        }
    }
}
