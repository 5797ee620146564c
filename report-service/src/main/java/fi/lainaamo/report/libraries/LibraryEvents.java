package fi.lainaamo.report.libraries;

import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.LibraryChanged;
import fi.lainaamo.events.LibraryJoined;
import fi.lainaamo.events.LibraryLeft;
import fi.lainaamo.platform.events.ReceivedEvent;
import fi.lainaamo.report.Projection;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Which municipalities each library serves, from patron-service's library events: a librarian sees the reports of
 * those municipalities. Patron events are none of this service's business and are ignored.
 */
@ApplicationScoped
public class LibraryEvents extends Projection {

    private static final Set<String> HANDLED = Set.of(EventTypes.LIBRARY_JOINED, EventTypes.LIBRARY_LEFT, EventTypes.LIBRARY_CHANGED);

    public LibraryEvents() {
        super("patron-events", HANDLED);
    }

    @Incoming("patron-events")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        consume(records);
    }

    @Override
    public void apply(ReceivedEvent event) {
        switch (event.type()) {
            case EventTypes.LIBRARY_JOINED -> {
                LibraryJoined joined = processed.data(event, LibraryJoined.class);
                library(joined.libraryId());
                em.createNativeQuery("update library set status = 'joined', join_date = ?2, left_on = null where library_id = ?1")
                        .setParameter(1, joined.libraryId()).setParameter(2, joined.joinDate()).executeUpdate();
                serves(joined.libraryId(), joined.municipalities());
            }
            case EventTypes.LIBRARY_LEFT -> {
                LibraryLeft left = processed.data(event, LibraryLeft.class);
                library(left.libraryId());
                em.createNativeQuery("update library set status = 'left', left_on = ?2 where library_id = ?1")
                        .setParameter(1, left.libraryId()).setParameter(2, left.leftOn()).executeUpdate();
            }
            case EventTypes.LIBRARY_CHANGED -> {
                LibraryChanged changed = processed.data(event, LibraryChanged.class);
                library(changed.libraryId());
                em.createNativeQuery("update library set status = coalesce(?2, status), join_date = coalesce(?3, join_date) where library_id = ?1")
                        .setParameter(1, changed.libraryId()).setParameter(2, changed.status()).setParameter(3, changed.joinDate())
                        .executeUpdate();
                if (changed.municipalities() != null) {
                    serves(changed.libraryId(), changed.municipalities());
                }
            }
            default -> throw new IllegalStateException("unexpected " + event.type());
        }
    }

    private void library(UUID libraryId) {
        em.createNativeQuery("insert into library (library_id) values (?1) on conflict do nothing").setParameter(1, libraryId).executeUpdate();
    }

    /** The library serves exactly these municipalities from now on (a moved municipality moves with its reports). */
    private void serves(UUID libraryId, List<String> municipalities) {
        em.createNativeQuery("delete from library_municipality where library_id = ?1").setParameter(1, libraryId).executeUpdate();
        if (municipalities == null) {
            return;
        }
        for (String code : municipalities) {
            em.createNativeQuery("insert into library_municipality (library_id, municipality) values (?1, ?2) on conflict do nothing")
                    .setParameter(1, libraryId).setParameter(2, code).executeUpdate();
        }
    }

}
