package fi.lainaamo.patron.libraries;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A library as apps and other services see it: public information only. */
@Schema(description = "A library in Lainaamo; status is active, or joining while its join date is still ahead")
public record LibraryView(UUID id, LibraryNames names, List<String> municipalities, LocalDate joinDate, String status) {

    static LibraryView of(Library l, LocalDate today) {
        String status = Library.ACTIVE.equals(l.status) && l.joinDate.isAfter(today) ? "joining" : l.status;
        return new LibraryView(l.id, new LibraryNames(l.nameFi, l.nameSv, l.nameEn), List.copyOf(l.municipalities.stream().sorted().toList()),
                l.joinDate, status);
    }
}
