package fi.lainaamo.events;

import java.util.UUID;

/** A library left: its residents can no longer borrow; their loans run to their end. */
public record LibraryLeft(UUID libraryId, java.time.LocalDate leftOn) {
}
