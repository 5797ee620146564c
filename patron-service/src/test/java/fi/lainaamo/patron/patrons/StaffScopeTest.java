package fi.lainaamo.patron.patrons;

import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StaffScopeTest {

    @Test
    void aLibrarianCoversOnlyTheirOwnLibrarysPatrons() {
        UUID own = UUID.randomUUID();
        Patron ours = new Patron();
        ours.libraryId = own;
        Patron theirs = new Patron();
        theirs.libraryId = UUID.randomUUID();

        StaffScope librarian = new StaffScope("s1", own, false);
        assertTrue(librarian.covers(ours));
        assertFalse(librarian.covers(theirs));
        assertFalse(new StaffScope("s2", null, false).covers(ours), "a librarian token without a library sees no one");
        assertTrue(new StaffScope("admin", null, true).covers(theirs));
    }
}
