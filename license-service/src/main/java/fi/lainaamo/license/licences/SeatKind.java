package fi.lainaamo.license.licences;

/** Why a seat is taken: a loan (consumes a checkout now) or a ready hold (consumes one when it becomes a loan). */
public enum SeatKind { LOAN, HOLD }
