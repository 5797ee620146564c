package fi.lainaamo.license.imports;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.UUID;

/** What an import did, licence by licence, so acquisitions staff can act on every refusal. */
@Schema(description = "Result of an ODL import")
public record ImportReport(String feedUrl, String distributor, int pages,
                           @Schema(description = "Whether every page of the feed was read; only a complete feed marks licences it no longer lists unavailable") boolean complete,
                           int publications, int imported, int updated, int unchanged, int rejected, int markedUnavailable,
                           @Schema(description = "Why the feed was not read to its end, as a stable code: next-page-host-not-allowed (a next link to a host or port not on the allow-list; the pages before it were imported) or page-limit-reached") String incompleteReason,
                           @Schema(description = "The incomplete reason in the caller's language") String incompleteDetail,
                           List<LicenceResult> licences) {

    /** One licence of the feed (or of the distributor, when marked unavailable) and what became of it. */
    @Schema(name = "ImportedLicence")
    public record LicenceResult(
            @Schema(description = "The distributor's licence identifier") String identifier,
            @Schema(nullable = true) UUID publicationId,
            @Schema(nullable = true) UUID licenceId,
            @Schema(description = "imported, updated, unchanged, rejected or unavailable (missing from this feed)") String result,
            @Schema(nullable = true, description = "Why it was rejected or not reconciled, as a stable code") String reason,
            @Schema(nullable = true, description = "The reason in the caller's language") String detail,
            @Schema(nullable = true, description = "Outcome of reading its License Info Document, when asked for") String reconciled) {

        LicenceResult reconciledAs(String outcome, String reasonCode, String reasonDetail) {
            return new LicenceResult(identifier, publicationId, licenceId, result,
                    reasonCode == null ? reason : reasonCode, reasonDetail == null ? detail : reasonDetail, outcome);
        }
    }
}
