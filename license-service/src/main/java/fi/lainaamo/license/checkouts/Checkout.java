package fi.lainaamo.license.checkouts;

import fi.lainaamo.license.licences.Licence;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A loan checked out at a distributor (ODL 1.0). Written {@code pending} in the same transaction as the seat, before
 * the distributor is called: a crash at any point leaves a row that {@link DistributorReturns} finishes or undoes.
 */
@Entity
@Table(name = "distributor_checkout")
public class Checkout extends PanacheEntityBase {

    public static final String PENDING = "pending";
    public static final String ACTIVE = "active";
    public static final String REFUSED = "refused";
    public static final String RETURN_PENDING = "return-pending";
    public static final String RETURNED = "returned";
    public static final String UNDO_PENDING = "undo-pending";
    public static final String ENDED = "ended";

    /** The loan id (the seat's holder). */
    @Id
    @Column(name = "holder_id")
    public UUID holderId;
    @Column(name = "licence_id")
    public UUID licenceId;
    @Column(name = "publication_id")
    public UUID publicationId;
    public String distributor;
    /** Ours, generated once and sent on every retry of the same loan: the distributor answers a repeat with 303. */
    @Column(name = "checkout_id")
    public UUID checkoutId;
    /** The per-distributor pseudonym of the patron; never the card number nor our patron id. */
    @Column(name = "patron_ref")
    public String patronRef;
    public Instant expires;
    public String state;
    @Column(name = "status_url")
    public String statusUrl;
    @Column(name = "licence_url")
    public String licenceUrl;
    @Column(name = "return_url")
    public String returnUrl;
    @Column(name = "renew_url")
    public String renewUrl;
    /** The ready hold whose seat becomes this loan's once the distributor accepts; null for a walk-in borrow. */
    @Column(name = "hold_id")
    public UUID holdId;
    /** The borrower's municipality, for the loan's seat made from a hold's. */
    public String municipality;
    /** An audiobook's Readium manifest, when the status document links one. */
    @Column(name = "manifest_url")
    public String manifestUrl;
    /** The unguessable path segment of the notification URL given to the distributor. */
    @Column(name = "notification_token")
    public String notificationToken;
    public int attempts;
    @Column(name = "last_error")
    public String lastError;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    /** While a worker is calling the distributor about this checkout: nobody else takes it before then. */
    @Column(name = "claimed_until")
    public Instant claimedUntil;
    /** A call about it got no answer: wake-ups leave it to the sweep, which tries it again. */
    @Column(name = "retry_at")
    public Instant retryAt;

    /** The licence checked out, read in a short transaction of its own: callers hold none while the distributor answers. */
    public Licence licence() {
        return QuarkusTransaction.requiringNew().call(() -> Licence.<Licence>findById(licenceId));
    }

    public static Optional<Checkout> byNotificationToken(String token) {
        return find("notificationToken", token).firstResultOptional();
    }
}
