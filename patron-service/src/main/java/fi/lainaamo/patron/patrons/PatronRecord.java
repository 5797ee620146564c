package fi.lainaamo.patron.patrons;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** A patron as their librarian sees them: enough to help at the desk and to block, nothing more. */
@Schema(description = "A patron of the librarian's library")
public record PatronRecord(
        UUID id,
        String municipality,
        UUID libraryId,
        String language,
        @Schema(nullable = true) String maskedCardNumber,
        String status,
        @Schema(nullable = true) String blockReason,
        @Schema(nullable = true) Instant blockedAt,
        Instant registeredAt) {

    static PatronRecord of(Patron p) {
        return new PatronRecord(p.id, p.municipality, p.libraryId, p.language, p.maskedCardNumber(), p.status,
                p.blockReason, p.blockedAt, p.createdAt);
    }
}
