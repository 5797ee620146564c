package fi.lainaamo.loan.live;

import io.smallrye.mutiny.subscription.MultiEmitter;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * One open stream of one patron. Registered before its replay is read, it buffers live events until the replay has
 * been sent, then sends the buffer (skipping what the replay already sent) and goes live: so an event committed
 * between the replay's query and the live subscription is neither lost nor sent twice. Events are deduplicated by
 * their id (the same event may come from the replay, the buffer and Kafka), not by "greater than the last": an event
 * whose transaction took its sequence before another's but committed after it still arrives.
 */
final class PatronStream {

    /** How many recent ids are remembered for deduplication: far more than one patron's changes in a reconnect's time. */
    private static final int REMEMBERED = 1_000;

    final UUID patronId;
    private final MultiEmitter<? super StreamEvent> out;
    private List<PatronEventLog.Logged> buffer = new ArrayList<>();
    private final LinkedHashSet<Long> sent = new LinkedHashSet<>();
    private long cursor;

    PatronStream(UUID patronId, MultiEmitter<? super StreamEvent> out) {
        this.patronId = patronId;
        this.out = out;
    }

    /** An event from Kafka: buffered while the replay is still being read, else sent. */
    synchronized void live(PatronEventLog.Logged row) {
        if (buffer != null) {
            buffer.add(row);
        } else {
            send(row);
        }
    }

    /** The replay has been read: resync first when asked, then the replay, then what came live meanwhile. */
    synchronized void replayed(PatronEventLog.Replay replay) {
        cursor = Math.max(cursor, replay.after());
        if (replay.resync()) {
            out.emit(StreamEvent.resync());
        }
        replay.rows().forEach(this::send);
        buffer.sort(Comparator.comparingLong(PatronEventLog.Logged::seq));
        buffer.forEach(this::send);
        buffer = null;
        out.emit(StreamEvent.heartbeat()); // the stream is live: tells the app (and tests) the subscription stands
    }

    /** Rows read again after the live feed (re)started, in case some went by before it listened. */
    synchronized void caughtUp(List<PatronEventLog.Logged> rows) {
        rows.forEach(buffer != null ? buffer::add : this::send);
    }

    /** The highest id sent (or replayed after): where a catch-up reads from. */
    synchronized long cursor() {
        return cursor;
    }

    synchronized boolean isLive() {
        return buffer == null;
    }

    /** Only once live: the first heartbeat tells the app the replay is complete. */
    synchronized void heartbeat() {
        if (buffer == null) {
            out.emit(StreamEvent.heartbeat());
        }
    }

    /** The live feed could not deliver an event: ending the stream makes the app reconnect and replay it. */
    void end() {
        out.complete();
    }

    private void send(PatronEventLog.Logged row) {
        if (!sent.add(row.seq())) {
            return;
        }
        if (sent.size() > REMEMBERED) {
            Iterator<Long> oldest = sent.iterator();
            oldest.next();
            oldest.remove();
        }
        cursor = Math.max(cursor, row.seq());
        out.emit(StreamEvent.of(row));
    }
}
