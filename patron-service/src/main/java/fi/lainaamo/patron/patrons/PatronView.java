package fi.lainaamo.patron.patrons;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.UUID;

/** A patron's own profile: never the PIN, and the card number only masked. */
@Schema(description = "The patron's profile")
public record PatronView(UUID id, String municipality, UUID libraryId, String language,
                         @Schema(description = "The card number with all but the last four characters hidden") String maskedCardNumber) {

    static PatronView of(Patron p) {
        return new PatronView(p.id, p.municipality, p.libraryId, p.language, p.maskedCardNumber());
    }
}
