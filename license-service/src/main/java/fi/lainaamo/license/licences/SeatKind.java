package fi.lainaamo.license.licences;

/**
 * Why a seat is taken: a loan (consumes a checkout now), a ready hold (consumes one when it becomes a loan), or a grant
 * to loan-service's escrow (consumes one when a borrow lends it; counted as a free copy until then).
 */
public enum SeatKind { LOAN, HOLD, GRANT }
