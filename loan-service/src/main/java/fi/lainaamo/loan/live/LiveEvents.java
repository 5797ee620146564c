package fi.lainaamo.loan.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.lainaamo.platform.outbox.OutboxRelay;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * The open live streams of this instance and what feeds them. Every instance reads the whole loan topic
 * ({@code lainaamo.loan.v1}) with a consumer group of its own, starting at the latest record, so any instance can
 * serve any patron: a record's {@code lainaamo-sequence} header names the outbox event, and the rows that event
 * made in the patron event log (committed with it, so always there before the record) go to the streams of the
 * patrons they concern. Nothing comes from the memory of the instance that wrote the event.
 */
@ApplicationScoped
public class LiveEvents {

    private static final Logger LOG = Logger.getLogger(LiveEvents.class);

    @Inject
    PatronEventLog log;

    @Inject
    ObjectMapper json;

    private final Map<UUID, Set<PatronStream>> streams = new ConcurrentHashMap<>();
    private volatile boolean listening;

    /**
     * The patron's stream: registered first (live events are buffered from then on), then the replay after
     * {@code lastEventId} is read on a worker thread and sent, then the buffer, then live events. Cancelling the
     * subscription (the client went away) unregisters it.
     */
    public Multi<StreamEvent> stream(UUID patronId, String lastEventId) {
        return Multi.createFrom().<StreamEvent>emitter(out -> {
            PatronStream stream = new PatronStream(patronId, out);
            streams.computeIfAbsent(patronId, p -> new CopyOnWriteArraySet<>()).add(stream);
            out.onTermination(() -> close(stream));
            Infrastructure.getDefaultWorkerPool().execute(() -> {
                try {
                    stream.replayed(log.since(patronId, lastEventId));
                } catch (RuntimeException e) {
                    LOG.warnf("live stream replay failed: %s", e.getMessage());
                    out.fail(e);
                }
            });
        });
    }

    private void close(PatronStream stream) {
        streams.computeIfPresent(stream.patronId, (p, open) -> {
            open.remove(stream);
            return open.isEmpty() ? null : open;
        });
    }

    /** A loan-topic record: its rows in the patron event log go to the open streams of their patrons. */
    @Incoming("loan-events-live")
    @Blocking
    public void onRecord(ConsumerRecord<String, String> record) {
        if (streams.isEmpty()) {
            return;
        }
        String type = header(record, "ce_type");
        String sequence = header(record, OutboxRelay.SEQUENCE_HEADER);
        if (type == null || sequence == null || !PatronEventLog.TYPES.contains(type)) {
            return;
        }
        UUID patron = patronIn(record.value());
        if (patron != null && !streams.containsKey(patron)) {
            return; // the event names its patron, and nobody here listens for them: no need to read the log
        }
        List<PatronEventLog.Logged> rows;
        try {
            rows = log.ofEvent(Long.parseLong(sequence));
        } catch (RuntimeException e) {
            // which patrons it concerned is unknown: every stream here ends, and each app reconnects and replays it
            LOG.warnf("live event %s could not be read, ending this instance's streams: %s", sequence, e.getMessage());
            streams.values().forEach(open -> open.forEach(PatronStream::end));
            return;
        }
        for (PatronEventLog.Logged row : rows) {
            Set<PatronStream> open = streams.get(row.patronId());
            if (open != null) {
                open.forEach(s -> s.live(row));
            }
        }
    }

    /**
     * The live consumer has its partitions and their positions: from here on every new record reaches it. Streams
     * opened before (their replay may have ended before the consumer listened) read the log once more from where
     * they are, so the start of an instance loses nothing either.
     */
    void listening() {
        listening = true;
        Infrastructure.getDefaultWorkerPool().execute(() -> streams.values().forEach(open -> open.forEach(stream -> {
            try {
                stream.caughtUp(log.after(stream.patronId, stream.cursor()));
            } catch (RuntimeException e) {
                stream.end();
            }
        })));
    }

    @Scheduled(every = "${lainaamo.live.heartbeat:25s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void heartbeat() {
        streams.values().forEach(open -> open.forEach(PatronStream::heartbeat));
    }

    /** Whether the live consumer has its partitions (tests wait for it; a stream opened before still catches up). */
    public boolean isListening() {
        return listening;
    }

    /** Streams of the patron open on this instance (tests check that a closed one is gone). */
    public int openStreams(UUID patronId) {
        Set<PatronStream> open = streams.get(patronId);
        return open == null ? 0 : open.size();
    }

    private UUID patronIn(String payload) {
        try {
            JsonNode patron = json.readTree(payload).get("patronId");
            return patron == null || !patron.isTextual() ? null : UUID.fromString(patron.asText());
        } catch (Exception e) {
            return null; // not ours to judge: the log lookup decides
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
