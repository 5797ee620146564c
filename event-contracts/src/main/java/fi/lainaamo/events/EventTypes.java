package fi.lainaamo.events;

/** CloudEvents {@code type} values. Changes are additive; an incompatible payload gets a new version suffix. */
public final class EventTypes {
    public static final String PUBLICATION_UPSERTED = "fi.lainaamo.publication.upserted.v1";

    public static final String LICENCE_ADDED = "fi.lainaamo.licence.added.v1";
    public static final String LICENCE_CONSUMED = "fi.lainaamo.licence.consumed.v1";
    public static final String LICENCE_RELEASED = "fi.lainaamo.licence.released.v1";
    public static final String AVAILABILITY_CHANGED = "fi.lainaamo.licence.availability-changed.v1";

    public static final String LOAN_STARTED = "fi.lainaamo.loan.started.v1";
    public static final String LOAN_RETURNED = "fi.lainaamo.loan.returned.v1";

    public static final String PATRON_REGISTERED = "fi.lainaamo.patron.registered.v1";
    public static final String LIBRARY_JOINED = "fi.lainaamo.library.joined.v1";

    private EventTypes() {
    }
}
