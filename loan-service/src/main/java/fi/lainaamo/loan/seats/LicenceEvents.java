package fi.lainaamo.loan.seats;

import fi.lainaamo.events.AvailabilityChanged;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.LicenceReleased;
import fi.lainaamo.events.SeatGrantRevoked;
import fi.lainaamo.events.SeatGranted;
import fi.lainaamo.loan.loans.DistributorEndings;
import fi.lainaamo.loan.holds.HoldService;
import fi.lainaamo.platform.events.EventHandler;
import fi.lainaamo.platform.events.EventIntake;
import fi.lainaamo.platform.events.ProcessedEvents;
import fi.lainaamo.platform.events.ReceivedEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.ArrayList;
import java.util.List;

/**
 * license-service's availability drives the queue: free seats (a return, an expired ready hold, new licences) go to
 * the head of the queue as ready holds right after the event is recorded (it only notes the title; the seats are
 * asked for after the commit, so this consumer never waits on license-service); a seat a distributor took back ends
 * its loan; seats granted to the escrow are kept for walk-in borrows, and given back when license-service asks.
 */
@ApplicationScoped
public class LicenceEvents implements EventHandler {

    @Inject
    ProcessedEvents processed;

    @Inject
    HoldService holds;

    @Inject
    EventIntake intake;

    @Inject
    DistributorEndings endings;

    @Inject
    SeatGrants grants;

    /**
     * A poll's worth in one transaction: at many borrows a second, a transaction per event would be most of this
     * consumer's cost. A failing batch is taken again one record at a time (retries, dead letters), in order.
     */
    @Incoming("licence-events")
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        intake.acceptAll(this, records);
    }

    @Override
    public String channel() {
        return "licence-events";
    }

    @Override
    public boolean handles(String type) {
        return EventTypes.AVAILABILITY_CHANGED.equals(type) || EventTypes.LICENCE_RELEASED.equals(type)
                || EventTypes.SEAT_GRANTED.equals(type) || EventTypes.SEAT_GRANT_REVOKED.equals(type);
    }

    /**
     * A batch's availability changes in one statement (newest version wins, so their order among the other events does
     * not matter), then its grants together, in a few statements; the rest one by one. A grant's revocation always
     * comes after its grant (both are keyed by the title), so keeping the grants ahead of it keeps their order.
     */
    @Override
    public List<ReceivedEvent> applyAhead(List<ReceivedEvent> events) {
        List<AvailabilityChanged> changes = new ArrayList<>();
        List<SeatGranted> granted = new ArrayList<>();
        List<ReceivedEvent> rest = new ArrayList<>();
        for (ReceivedEvent event : events) {
            if (EventTypes.AVAILABILITY_CHANGED.equals(event.type())) {
                changes.add(processed.data(event, AvailabilityChanged.class));
            } else if (EventTypes.SEAT_GRANTED.equals(event.type())) {
                granted.add(processed.data(event, SeatGranted.class));
            } else {
                rest.add(event);
            }
        }
        if (!changes.isEmpty()) {
            holds.availabilityChanged(changes);
        }
        grants.grantedAll(granted);
        return rest;
    }

    @Override
    public void apply(ReceivedEvent event) {
        if (EventTypes.SEAT_GRANTED.equals(event.type())) {
            grants.granted(processed.data(event, SeatGranted.class));
            return;
        }
        if (EventTypes.SEAT_GRANT_REVOKED.equals(event.type())) {
            grants.revoked(processed.data(event, SeatGrantRevoked.class));
            return;
        }
        if (EventTypes.LICENCE_RELEASED.equals(event.type())) {
            LicenceReleased released = processed.data(event, LicenceReleased.class);
            if (released.reason() != null && released.reason().startsWith(DistributorEndings.REASON_PREFIX)) {
                endings.ended(released.holderId(), released.at());
            }
            return;
        }
        holds.availabilityChanged(List.of(processed.data(event, AvailabilityChanged.class)));
    }
}
