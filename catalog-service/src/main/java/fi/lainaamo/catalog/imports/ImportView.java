package fi.lainaamo.catalog.imports;

import fi.lainaamo.platform.problem.Messages;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** An import job as staff follow it: its state, the counts so far, and where to read the per-record results. */
@Schema(name = "Import", description = "An ONIX import and its progress; counts grow as batches commit")
public record ImportView(UUID id, String kind, String source,
                         @Schema(enumeration = {"QUEUED", "RUNNING", "FINISHED", "FAILED"}) String status,
                         @Schema(description = "Products read so far") int processed, int imported, int updated, int withdrawn,
                         int skipped, int failed,
                         @Schema(nullable = true, description = "Why the job stopped (FAILED), in words: XML that is not well-formed (after which product, where), a file that could not be read to the end, or (errorCode onix-import-interrupted, in the asker's language) the instance running it stopped") String error,
                         @Schema(nullable = true, description = "The stable code of why the job failed, when it has one: onix-import-interrupted (the instance running it stopped; import the file again)", example = "onix-import-interrupted") String errorCode,
                         Instant startedAt, @Schema(nullable = true) Instant finishedAt,
                         @Schema(description = "Link to the per-record results", example = "/v1/imports/2f1c6a4e-0b7d-4c55-9e57-5c7d1f3b2a10/records") String records) {

    static ImportView of(ImportJob j) {
        return of(j, Locale.ENGLISH);
    }

    /** A job ended with a code and no stored words (interrupted) gets its code's detail in {@code locale}. */
    static ImportView of(ImportJob j, Locale locale) {
        String error = j.error == null && j.errorCode != null ? Messages.text(j.errorCode + ".detail", locale) : j.error;
        return new ImportView(j.id, j.kind, j.source, j.status.name(), j.processed, j.imported, j.updated, j.withdrawn, j.skipped,
                j.failed, error, j.errorCode, j.startedAt, j.finishedAt, "/v1/imports/" + j.id + "/records");
    }

    /** One product's outcome. */
    @Schema(name = "ImportRecord")
    public record Record(
            @Schema(description = "Position of the product in the file, from 1") int seq,
            @Schema(nullable = true) String recordReference,
            @Schema(nullable = true) String isbn,
            @Schema(nullable = true) UUID publicationId,
            @Schema(enumeration = {"IMPORTED", "UPDATED", "WITHDRAWN", "SKIPPED", "FAILED"}) String outcome,
            @Schema(nullable = true, description = "Why the product was skipped, failed or withdrawn, as a stable code: " + RecordReason.CODES
                    + ". Null when it was stored.", example = "not-digital") String reasonCode,
            @Schema(nullable = true, description = "The same reason in words, with the value at fault from the file (never a server error's text)",
                    example = "not a digital product (ProductForm BC)") String reason) {
        static Record of(ImportRecord r) {
            return new Record(r.seq, r.recordReference, r.isbn, r.publicationId, r.outcome.name(), r.reasonCode, r.reason);
        }
    }

    /** A page of per-record results. */
    @Schema(name = "ImportRecordPage")
    public record RecordPage(List<Record> items, @Schema(nullable = true, description = "Link to the next page; null on the last") String next) {
    }
}
