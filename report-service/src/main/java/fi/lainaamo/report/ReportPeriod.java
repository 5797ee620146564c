package fi.lainaamo.report;

import fi.lainaamo.platform.problem.ProblemException;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** A report's months, from and to inclusive, checked once for every report and export. */
public record ReportPeriod(YearMonth from, YearMonth to) {

    /** Parses {@code YYYY-MM} months: 400 invalid-period for unreadable or reversed months, period-too-long past the limit. */
    public static ReportPeriod of(String from, String to, int maxYears) {
        YearMonth start;
        YearMonth end;
        try {
            start = YearMonth.parse(from);
            end = YearMonth.parse(to);
        } catch (DateTimeParseException | NullPointerException unreadable) {
            throw new ProblemException(400, "invalid-period");
        }
        if (end.isBefore(start)) {
            throw new ProblemException(400, "invalid-period");
        }
        if (ChronoUnit.MONTHS.between(start, end) + 1 > 12L * maxYears) {
            throw new ProblemException(400, "period-too-long", maxYears);
        }
        return new ReportPeriod(start, end);
    }

    /** The first day of the period. */
    public LocalDate firstDay() {
        return from.atDay(1);
    }

    /** The first day after the period. */
    public LocalDate dayAfter() {
        return to.plusMonths(1).atDay(1);
    }
}
