package fi.lainaamo.loan.holds;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The rules of one title's queue, as plain Java: strict FIFO by placement order; suspended holds keep their place
 * but are skipped; a ready hold is already served.
 */
public final class HoldQueue {

    /** One open hold as the queue rules see it. */
    public record Place(UUID holdId, UUID patronId, long seq, boolean ready, LocalDate suspendedUntil) {
        boolean suspendedOn(LocalDate day) {
            return suspendedUntil != null && !day.isAfter(suspendedUntil);
        }
    }

    private final List<Place> places;

    public HoldQueue(List<Place> places) {
        this.places = places.stream().sorted(Comparator.comparingLong(Place::seq)).toList();
    }

    /** The holds that get the next {@code freeSeats} copies on {@code day}: waiting, not suspended, in placement order. */
    public List<Place> nextInLine(int freeSeats, LocalDate day) {
        return nextInLine(freeSeats, day, Set.of());
    }

    /**
     * The same, while seats are already being asked for the holds {@code beingOffered}: they are not picked again
     * (the caller counts their seats out of {@code freeSeats}), so two offers never ask for one hold at once.
     */
    public List<Place> nextInLine(int freeSeats, LocalDate day, Set<UUID> beingOffered) {
        List<Place> next = new ArrayList<>();
        for (Place place : places) {
            if (next.size() >= freeSeats) {
                break;
            }
            if (!place.ready() && !place.suspendedOn(day) && !beingOffered.contains(place.holdId())) {
                next.add(place);
            }
        }
        return next;
    }

    /** 1-based position of a hold, counting every open hold ahead of it (suspended ones too: they keep their place). */
    public int positionOf(UUID holdId) {
        for (int i = 0; i < places.size(); i++) {
            if (places.get(i).holdId().equals(holdId)) {
                return i + 1;
            }
        }
        return 0;
    }

    public int size() {
        return places.size();
    }
}
