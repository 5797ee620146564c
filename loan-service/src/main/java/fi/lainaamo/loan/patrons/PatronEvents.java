package fi.lainaamo.loan.patrons;

import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.LibraryChanged;
import fi.lainaamo.events.LibraryJoined;
import fi.lainaamo.events.LibraryLeft;
import fi.lainaamo.events.PatronBlocked;
import fi.lainaamo.events.PatronErased;
import fi.lainaamo.events.PatronUnblocked;
import fi.lainaamo.events.PatronUpdated;
import fi.lainaamo.loan.gdpr.Erasure;
import fi.lainaamo.platform.events.EventHandler;
import fi.lainaamo.platform.events.EventIntake;
import fi.lainaamo.platform.events.ProcessedEvents;
import fi.lainaamo.platform.events.ReceivedEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.LocalDate;

/**
 * What patron-service decides and loan-service must respect: blocks, the loan-history opt-in, library membership,
 * and erasure. Idempotent through the processed-event log; failures are redelivered.
 */
@ApplicationScoped
public class PatronEvents implements EventHandler {

    private static final java.util.Set<String> HANDLED = java.util.Set.of(EventTypes.PATRON_BLOCKED, EventTypes.PATRON_UNBLOCKED,
            EventTypes.PATRON_UPDATED, EventTypes.PATRON_ERASED, EventTypes.LIBRARY_JOINED, EventTypes.LIBRARY_LEFT,
            EventTypes.LIBRARY_CHANGED);

    @Inject
    ProcessedEvents processed;

    @Inject
    Erasure erasure;

    @Inject
    EventIntake intake;

    @Incoming("patron-events")
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        intake.accept(this, record);
    }

    @Override
    public String channel() {
        return "patron-events";
    }

    @Override
    public boolean handles(String type) {
        return HANDLED.contains(type); // registrations and other patron events do not concern lending
    }

    @Override
    public void apply(ReceivedEvent event) {
        switch (event.type()) {
            case EventTypes.PATRON_BLOCKED -> PatronStanding.of(processed.data(event, PatronBlocked.class).patronId()).blocked = true;
            case EventTypes.PATRON_UNBLOCKED -> PatronStanding.of(processed.data(event, PatronUnblocked.class).patronId()).blocked = false;
            case EventTypes.PATRON_UPDATED -> {
                PatronUpdated updated = processed.data(event, PatronUpdated.class);
                PatronStanding.of(updated.patronId()).loanHistoryOptIn = updated.loanHistoryOptIn();
            }
            case EventTypes.PATRON_ERASED -> erasure.erase(processed.data(event, PatronErased.class));
            case EventTypes.LIBRARY_JOINED -> {
                LibraryJoined joined = processed.data(event, LibraryJoined.class);
                LibraryMembership library = LibraryMembership.of(joined.libraryId());
                library.joinDate = joined.joinDate();
                library.leftOn = null;
                library.status = "joined";
            }
            case EventTypes.LIBRARY_LEFT -> {
                LibraryLeft left = processed.data(event, LibraryLeft.class);
                LibraryMembership library = LibraryMembership.of(left.libraryId());
                library.leftOn = left.leftOn() != null ? left.leftOn() : LocalDate.now(fi.lainaamo.loan.loans.LoanService.FINLAND);
                library.status = "left";
            }
            case EventTypes.LIBRARY_CHANGED -> {
                LibraryChanged changed = processed.data(event, LibraryChanged.class);
                LibraryMembership library = LibraryMembership.of(changed.libraryId());
                if (changed.joinDate() != null) {
                    library.joinDate = changed.joinDate();
                }
                if (changed.status() != null) {
                    library.status = changed.status();
                    if (!"left".equalsIgnoreCase(changed.status())) {
                        library.leftOn = null;
                    }
                }
            }
            default -> throw new IllegalStateException("unexpected " + event.type());
        }
    }
}
