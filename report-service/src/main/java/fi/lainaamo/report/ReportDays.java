package fi.lainaamo.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

/** How an event's moment becomes a report's day: the Finnish calendar day, the same one a library's staff count in. */
public final class ReportDays {

    public static final ZoneId FINLAND = ZoneId.of("Europe/Helsinki");
    /** Loans whose event named no library are counted under this id (the report tables' keys are never null). */
    public static final UUID NO_LIBRARY = new UUID(0, 0);
    /** Loans and holds whose event named no municipality. */
    public static final String NO_MUNICIPALITY = "unknown";

    private ReportDays() {
    }

    public static LocalDate day(Instant at) {
        return at.atZone(FINLAND).toLocalDate();
    }
}
