package fi.lainaamo.patron.libraries;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A library as apps and other services see it: public information only. */
@Schema(description = "A library in Lainaamo; status is joining (join date ahead), active, leaving (leave date ahead) or left")
public record LibraryView(UUID id, LibraryNames names, List<String> municipalities, LocalDate joinDate, String status,
                          @Schema(nullable = true, description = "First day it no longer serves its residents, once it leaves") LocalDate leftOn) {

    static LibraryView of(Library l, LocalDate today) {
        String status;
        if (l.leftOn != null) {
            status = l.leftOn.isAfter(today) ? "leaving" : Library.LEFT;
        } else {
            status = l.joinDate.isAfter(today) ? "joining" : Library.ACTIVE;
        }
        return new LibraryView(l.id, new LibraryNames(l.nameFi, l.nameSv, l.nameEn), List.copyOf(l.municipalities.stream().sorted().toList()),
                l.joinDate, status, l.leftOn);
    }
}
