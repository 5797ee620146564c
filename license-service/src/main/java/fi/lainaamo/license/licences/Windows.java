package fi.lainaamo.license.licences;

import java.time.Duration;
import java.time.Period;

/** Date windows from query parameters: P30D, P4W, P2M (a month counted as 31 days) or PT12H. */
final class Windows {

    private Windows() {
    }

    static Duration parse(String iso) {
        if (iso.startsWith("PT")) {
            return Duration.parse(iso);
        }
        Period period = Period.parse(iso);
        return Duration.ofDays(period.getDays() + period.getMonths() * 31L + period.getYears() * 366L);
    }
}
