package fi.lainaamo.events;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A library (consortium) joined Lainaamo, serving the residents of these municipality codes from {@code joinDate}. */
public record LibraryJoined(UUID libraryId, List<String> municipalities, LocalDate joinDate) {
}
