package fi.lainaamo.patron.apps;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A registered partner app as the consortium admin's list shows it: never the secret (only its hash is kept). */
@Schema(description = "A registered partner app; the client secret is not kept and is never shown again")
public record PartnerAppView(String clientId, String name, List<String> scopes, @Schema(nullable = true) UUID libraryId,
                             @Schema(nullable = true, description = "The publisher a reports:publisher app reads") String publisher,
                             Instant createdAt, @Schema(nullable = true, description = "When it was revoked; null while in use") Instant revokedAt) {

    static PartnerAppView of(PartnerApp app) {
        return new PartnerAppView(app.clientId, app.name, app.scopeList(), app.libraryId, app.publisher, app.createdAt, app.revokedAt);
    }
}
