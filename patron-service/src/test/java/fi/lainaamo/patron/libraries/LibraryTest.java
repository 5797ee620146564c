package fi.lainaamo.patron.libraries;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LibraryTest {

    static final LocalDate DAY = LocalDate.of(2027, 3, 1);

    @Test
    void aLibraryServesFromItsJoinDateUntilTheDayItLeaves() {
        Library library = new Library();
        library.joinDate = DAY;
        assertFalse(library.serves(DAY.minusDays(1)), "not before it joins");
        assertTrue(library.serves(DAY), "from the join date");
        library.leftOn = DAY.plusMonths(1);
        assertTrue(library.serves(DAY.plusMonths(1).minusDays(1)), "the last day before leaving");
        assertFalse(library.serves(DAY.plusMonths(1)), "not from the day it leaves");
    }
}
