package fi.lainaamo.patron.staff;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** A staff account: a librarian of one library, or a consortium admin. The password is kept as a bcrypt hash. */
@Entity
@Table(name = "staff_account")
public class StaffAccount extends PanacheEntityBase {

    @Id
    public UUID id;
    /** Lower case. */
    public String username;
    @Column(name = "password_hash")
    public String passwordHash;
    public String role;
    @Column(name = "library_id")
    public UUID libraryId;
    @Column(name = "created_at")
    public Instant createdAt;

    public static Optional<StaffAccount> named(String username) {
        return find("username", normalized(username)).firstResultOptional();
    }

    public static String normalized(String username) {
        return username == null ? null : username.strip().toLowerCase(Locale.ROOT);
    }
}
