package fi.lainaamo.events;

/** CloudEvents {@code type} values. Changes are additive; an incompatible payload gets a new version suffix. */
public final class EventTypes {
    public static final String PUBLICATION_UPSERTED = "fi.lainaamo.publication.upserted.v1";
    public static final String PUBLICATION_WITHDRAWN = "fi.lainaamo.publication.withdrawn.v1";
    /** A withdrawn publication is back in the catalogue (search, feeds, holds and loans). */
    public static final String PUBLICATION_REINSTATED = "fi.lainaamo.publication.reinstated.v1";

    public static final String LICENCE_ADDED = "fi.lainaamo.licence.added.v1";
    public static final String LICENCE_CONSUMED = "fi.lainaamo.licence.consumed.v1";
    public static final String LICENCE_RELEASED = "fi.lainaamo.licence.released.v1";
    public static final String LICENCE_UPDATED = "fi.lainaamo.licence.updated.v1";
    public static final String LICENCE_EXHAUSTED = "fi.lainaamo.licence.exhausted.v1";
    public static final String LICENCE_EXPIRED = "fi.lainaamo.licence.expired.v1";
    public static final String AVAILABILITY_CHANGED = "fi.lainaamo.licence.availability-changed.v1";
    /** One publication's metadata from an ODL feed that license-service fetched (catalog-service imports it). */
    public static final String FEED_PUBLICATION_RECEIVED = "fi.lainaamo.licence.feed-publication-received.v1";
    public static final String REPURCHASE_SIGNALLED = "fi.lainaamo.licence.repurchase-signalled.v1";
    /** A seat taken for loan-service's escrow: a walk-in borrow may lend it without asking license-service. */
    public static final String SEAT_GRANTED = "fi.lainaamo.licence.seat-granted.v1";
    /** license-service wants an unused grant back (its licence can no longer lend); loan-service answers with seat-grant-returned. */
    public static final String SEAT_GRANT_REVOKED = "fi.lainaamo.licence.seat-grant-revoked.v1";

    public static final String LOAN_STARTED = "fi.lainaamo.loan.started.v1";
    public static final String LOAN_RETURNED = "fi.lainaamo.loan.returned.v1";
    public static final String LOAN_RENEWED = "fi.lainaamo.loan.renewed.v1";
    public static final String LOAN_EXPIRED = "fi.lainaamo.loan.expired.v1";
    /** loan-service gave an unused seat grant back (revoked, or holds wait for the title): license-service releases its seat. */
    public static final String SEAT_GRANT_RETURNED = "fi.lainaamo.loan.seat-grant-returned.v1";

    public static final String HOLD_PLACED = "fi.lainaamo.hold.placed.v1";
    public static final String HOLD_READY = "fi.lainaamo.hold.ready.v1";
    public static final String HOLD_CANCELLED = "fi.lainaamo.hold.cancelled.v1";
    public static final String HOLD_EXPIRED = "fi.lainaamo.hold.expired.v1";
    public static final String HOLD_FULFILLED = "fi.lainaamo.hold.fulfilled.v1";
    public static final String HOLD_SUSPENDED = "fi.lainaamo.hold.suspended.v1";
    public static final String HOLD_RESUMED = "fi.lainaamo.hold.resumed.v1";
    /** The number of patrons waiting for a title changed (catalogue availability, re-purchase signals). */
    public static final String HOLD_QUEUE_CHANGED = "fi.lainaamo.hold.queue-changed.v1";
    /** A service finished erasing a patron's data (sent by every service that held any). */
    public static final String ERASURE_CONFIRMED = "fi.lainaamo.erasure.confirmed.v1";

    public static final String PATRON_REGISTERED = "fi.lainaamo.patron.registered.v1";
    public static final String PATRON_UPDATED = "fi.lainaamo.patron.updated.v1";
    public static final String PATRON_BLOCKED = "fi.lainaamo.patron.blocked.v1";
    public static final String PATRON_UNBLOCKED = "fi.lainaamo.patron.unblocked.v1";
    public static final String PATRON_ERASED = "fi.lainaamo.patron.erased.v1";
    public static final String LIBRARY_JOINED = "fi.lainaamo.library.joined.v1";
    public static final String LIBRARY_LEFT = "fi.lainaamo.library.left.v1";
    public static final String LIBRARY_CHANGED = "fi.lainaamo.library.changed.v1";

    private EventTypes() {
    }
}
