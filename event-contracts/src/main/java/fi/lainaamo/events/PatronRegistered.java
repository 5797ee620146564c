package fi.lainaamo.events;

import java.util.UUID;

/** A patron registered. Pseudonymous: no name, card number, PIN or e-mail, ever. */
public record PatronRegistered(UUID patronId, String municipality, UUID libraryId, String language) {
}
