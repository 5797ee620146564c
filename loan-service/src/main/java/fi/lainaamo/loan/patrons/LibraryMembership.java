package fi.lainaamo.loan.patrons;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.LocalDate;
import java.util.UUID;

/** A library's membership in Lainaamo, from patron-service's library events. */
@Entity
@Table(name = "library_membership")
public class LibraryMembership extends PanacheEntityBase {

    @Id
    @Column(name = "library_id")
    public UUID libraryId;
    @Column(name = "join_date")
    public LocalDate joinDate;
    @Column(name = "left_on")
    public LocalDate leftOn;
    public String status;

    /**
     * Whether residents of the library may borrow on {@code day}: not before the join date, not once it has left.
     * A library loan-service has not heard of is taken as a member (its token was issued by patron-service, which
     * only registers residents of member libraries; the events may simply not have arrived yet).
     */
    public static boolean lendsOn(UUID libraryId, LocalDate day) {
        if (libraryId == null) {
            return false;
        }
        return lends(findById(libraryId), day);
    }

    /** {@link #lendsOn} for a membership already read, {@code null} if loan-service has not heard of the library. */
    public static boolean lends(LibraryMembership library, LocalDate day) {
        if (library == null) {
            return true;
        }
        if ("left".equalsIgnoreCase(library.status) || (library.leftOn != null && !day.isBefore(library.leftOn))) {
            return false;
        }
        return library.joinDate == null || !day.isBefore(library.joinDate);
    }

    static LibraryMembership of(UUID libraryId) {
        LibraryMembership library = findById(libraryId);
        if (library == null) {
            library = new LibraryMembership();
            library.libraryId = libraryId;
            library.persist();
        }
        return library;
    }
}
