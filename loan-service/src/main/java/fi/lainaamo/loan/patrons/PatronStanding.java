package fi.lainaamo.loan.patrons;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.UUID;

/** What patron-service's events tell loan-service about a patron: blocked or not, and the loan-history opt-in. */
@Entity
@Table(name = "patron_standing")
public class PatronStanding extends PanacheEntityBase {

    @Id
    @Column(name = "patron_id")
    public UUID patronId;
    public boolean blocked;
    @Column(name = "loan_history_opt_in")
    public boolean loanHistoryOptIn;

    public static boolean isBlocked(UUID patronId) {
        PatronStanding standing = findById(patronId);
        return standing != null && standing.blocked;
    }

    public static boolean keepsHistory(UUID patronId) {
        PatronStanding standing = findById(patronId);
        return standing != null && standing.loanHistoryOptIn;
    }

    static PatronStanding of(UUID patronId) {
        PatronStanding standing = findById(patronId);
        if (standing == null) {
            standing = new PatronStanding();
            standing.patronId = patronId;
            standing.persist();
        }
        return standing;
    }
}
