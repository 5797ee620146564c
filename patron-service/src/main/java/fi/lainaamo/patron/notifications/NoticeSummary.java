package fi.lainaamo.patron.notifications;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** What the consortium's notices did over a period, per channel and per occasion: counts, not people. */
@Schema(name = "NoticeSummary", description = "Notices written in a period (Helsinki dates, both inclusive), per channel and per occasion")
public record NoticeSummary(LocalDate from, LocalDate to, List<PerChannel> channels, List<PerOccasion> occasions) {

    /** One channel's counts; a channel with nothing in the period is listed with zeros. */
    @Schema(name = "NoticeChannelSummary")
    public record PerChannel(
            String channel,
            @Schema(description = "Notices written") long written,
            @Schema(description = "Delivered (in-app) or accepted by the channel (e-mail, push)") long sent,
            @Schema(description = "Waiting for their first try or a retry") long pending,
            @Schema(description = "Of the pending, those that failed at least once and wait for a retry") long retrying,
            @Schema(description = "Not sent because the patron turned the channel off or removed the address") long skipped,
            @Schema(description = "Given up after the last attempt") long failed,
            @Schema(nullable = true, description = "The oldest notice still pending, whatever the period: a growing age means the "
                    + "channel is stuck (e.g. the SMTP server refuses)") Instant oldestPendingAt) {
    }

    /** How many notices one occasion caused in the period, over all channels. */
    @Schema(name = "NoticeOccasionSummary")
    public record PerOccasion(String occasion, long written) {
    }
}
