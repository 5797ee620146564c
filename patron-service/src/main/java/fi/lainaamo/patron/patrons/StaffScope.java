package fi.lainaamo.patron.patrons;

import java.util.UUID;

/**
 * Which patrons a staff member may see: a librarian only their own library's (from the token's libraryId), a
 * consortium admin everyone's.
 */
public record StaffScope(String staffId, UUID libraryId, boolean everyLibrary) {

    public boolean covers(Patron patron) {
        return everyLibrary || (libraryId != null && libraryId.equals(patron.libraryId));
    }
}
