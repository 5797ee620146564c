package fi.lainaamo.patron.patrons;

import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Why a librarian blocks or unblocks a patron; kept in patron-service only. */
@Schema(description = "The reason, shown to the library's staff; never sent to other services")
public record BlockRequest(@Size(max = 500) String reason) {
}
