package fi.lainaamo.events;

import java.util.UUID;

/** A patron's profile changed in a way other services use. Pseudonymous: no name, e-mail, card number or PIN. */
public record PatronUpdated(UUID patronId, String municipality, UUID libraryId, String language, boolean loanHistoryOptIn) {
}
