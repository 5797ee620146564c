package fi.lainaamo.patron.staff;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** A staff account without its password. */
public record StaffView(UUID id, String username, String role, @Schema(nullable = true) UUID libraryId, Instant createdAt) {

    static StaffView of(StaffAccount a) {
        return new StaffView(a.id, a.username, a.role, a.libraryId, a.createdAt);
    }
}
