package fi.lainaamo.license.checkouts;

import java.util.UUID;

/**
 * A checkout became return-pending or undo-pending in the current transaction. Observed after the commit, it wakes
 * {@link DistributorReturns}: the copy goes back to the distributor at once, not at the next sweep.
 */
public record ReturnDue(UUID holderId) {
}
