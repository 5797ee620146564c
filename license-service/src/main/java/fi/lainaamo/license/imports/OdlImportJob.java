package fi.lainaamo.license.imports;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** An ODL import running in the background: how far it is, and when done what became of each licence. */
@Schema(description = "An ODL import job and its progress")
public record OdlImportJob(
        UUID id,
        @Schema(description = "queued, running, done or failed") String state,
        String feedUrl,
        @Schema(nullable = true, description = "Whose licences these are (known once the feed is read, for an uploaded feed at once)") String distributor,
        boolean reconcile,
        @Schema(description = "Feed pages read so far") int pages,
        @Schema(nullable = true, description = "Licences listed by the pages read so far (it grows while the feed is read; when done, every result counted, those marked unavailable included)") Integer total,
        @Schema(description = "Licences applied so far (each publication's licences count once committed)") int processed,
        int imported, int updated, int unchanged, int rejected, int markedUnavailable,
        @Schema(nullable = true, description = "Why the import failed, as a stable code (distributor-error, distributor-unreachable, distributor-bad-document, distributor-timeout, odl-import-stopped, odl-import-interrupted: the instance running it stopped)") String errorCode,
        @Schema(nullable = true, description = "The error in the language of whoever started the import (odl-import-interrupted: of whoever asks)") String errorDetail,
        Instant createdAt,
        @Schema(nullable = true) Instant startedAt,
        @Schema(nullable = true) Instant finishedAt,
        @Schema(nullable = true, description = "When done: the same report the synchronous import answers") ImportReport report) {

    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
}
