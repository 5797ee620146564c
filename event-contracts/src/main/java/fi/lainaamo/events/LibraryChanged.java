package fi.lainaamo.events;

import java.util.List;
import java.util.UUID;

/** A library's municipalities, join date or status changed; patrons of a moved municipality move with it. */
public record LibraryChanged(UUID libraryId, List<String> municipalities, java.time.LocalDate joinDate, String status) {
}
