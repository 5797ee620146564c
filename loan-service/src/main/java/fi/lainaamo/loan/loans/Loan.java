package fi.lainaamo.loan.loans;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A patron's loan of one publication, on a seat of one licence. */
@Entity
@Table(name = "loan")
public class Loan extends PanacheEntityBase {

    /**
     * PENDING from the borrow's first step until license-service answers the seat request: it counts toward the loan
     * limit and "one loan per title" but is shown nowhere. Then ACTIVE (seat granted), deleted (seat refused) or FAILED
     * (the answer was lost, or a crash left it pending past the timeout: anonymous at once, shown nowhere, its seat
     * given back). ACTIVE until returned by the patron (RETURNED) or ended at the due date (EXPIRED).
     */
    public enum State { PENDING, ACTIVE, RETURNED, EXPIRED, FAILED }

    /** The states of a loan the patron has or had: what lists, history, the shelf and exports show. */
    static final List<State> LENT = List.of(State.ACTIVE, State.RETURNED, State.EXPIRED);
    static final List<State> FINISHED = List.of(State.RETURNED, State.EXPIRED);

    @Id
    public UUID id;
    @Column(name = "patron_id")
    public UUID patronId;
    @Column(name = "publication_id")
    public UUID publicationId;
    @Column(name = "licence_id")
    public UUID licenceId;
    public String municipality;
    @Column(name = "library_id")
    public UUID libraryId;
    @Enumerated(EnumType.STRING)
    public State state;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "due_at")
    public Instant dueAt;
    @Column(name = "returned_at")
    public Instant returnedAt;
    @Column(name = "idempotency_key")
    public String idempotencyKey;
    public int renewals;
    @Column(name = "max_loan_days")
    public Integer maxLoanDays;
    @Column(name = "licence_expires")
    public Instant licenceExpires;
    @Column(name = "hold_id")
    public UUID holdId;
    /** When the loan last changed (started, renewed, ended): the status document's updated.status. */
    @Column(name = "updated_at")
    public Instant updatedAt;
    /** distributor, open-access or local: what the patron opens (license-service's answer when it gave the seat). */
    @Column(name = "fulfilment_kind")
    public String fulfilmentKind;
    /** The distributor's LCP licence document for this loan (distributor titles). */
    @Column(name = "licence_document_url")
    public String licenceDocumentUrl;
    /** The distributor's loan status document (distributor titles). */
    @Column(name = "distributor_status_url")
    public String distributorStatusUrl;
    /** The file itself (open access). */
    @Column(name = "content_url")
    public String contentUrl;
    @Column(name = "content_type")
    public String contentType;
    /** Whether the distributor offers a renewal of this loan. */
    @Column(name = "distributor_renewable")
    public boolean distributorRenewable;

    /** Active and not yet past its due date: a loan past its due date is never served as active. */
    public boolean isActiveAt(Instant now) {
        return state == State.ACTIVE && dueAt.isAfter(now);
    }

    /** The patron's active loans whose due date has passed (the expiry sweep has not reached them yet). */
    public static List<Loan> overdue(UUID patronId, Instant now) {
        return list("patronId = ?1 and state = ?2 and dueAt <= ?3", patronId, State.ACTIVE, now);
    }

    /** Finished loans the patron keeps as history (only kept for patrons who opted in). */
    public static List<Loan> history(UUID patronId) {
        return list("patronId = ?1 and state in ?2 order by startedAt desc, id", patronId, FINISHED);
    }

    /**
     * Borrows of the title waiting for their seat from license-service, other than those of ready holds, counted: an SQL
     * expression on {@code :publication}, read with the borrow rules' other facts ({@link OwnFacts}).
     */
    static final String PENDING_WALK_INS =
            "(select count(*) from loan p where p.publication_id = :publication and p.state = 'PENDING' and p.hold_id is null)";

    public static long activeCount(UUID patronId) {
        return count("patronId = ?1 and state = ?2", patronId, State.ACTIVE);
    }

    public static boolean hasActive(UUID patronId, UUID publicationId) {
        return count("patronId = ?1 and publicationId = ?2 and state = ?3", patronId, publicationId, State.ACTIVE) > 0;
    }

    public static Optional<Loan> byIdempotencyKey(UUID patronId, String key) {
        return find("patronId = ?1 and idempotencyKey = ?2", patronId, key).firstResultOptional();
    }

    /** The patron's loans, active ones first, newest first; never a pending or failed borrow. */
    public static List<Loan> ofPatron(UUID patronId, boolean activeOnly) {
        return activeOnly
                ? list("patronId = ?1 and state = ?2 order by startedAt desc, id", patronId, State.ACTIVE)
                : list("patronId = ?1 and state in ?2 order by state, startedAt desc, id", patronId, LENT);
    }
}
