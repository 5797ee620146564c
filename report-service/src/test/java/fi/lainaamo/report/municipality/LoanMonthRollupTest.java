package fi.lainaamo.report.municipality;

import fi.lainaamo.report.Events;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The monthly rollup the reports and the export read ({@code loan_month}) stays equal to the sum of the daily counts
 * ({@code loan_day}) however they are written: a loan at a time by the consumer (new day rows and added loans), a bulk
 * insert of many rows, a change and a removal (in 2019, and removed at the end: no event wrote them).
 */
@QuarkusTest
class LoanMonthRollupTest {

    /** Codes no other test of the module uses (the tests share one database). */
    static final String TOWN = "961";
    static final String BULK_TOWN = "962";

    @Inject
    DataSource dataSource;

    @Test
    void theMonthsAreTheSumsOfTheirDays() throws SQLException {
        UUID library = UUID.randomUUID();
        UUID title = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        LocalDate may = LocalDate.of(2026, 5, 30);
        // May 30 and 31 and June 1 (a month boundary in Finnish time), the same day more than once (an update)
        for (int i = 0; i < 9; i++) {
            Events.loan(UUID.randomUUID(), i % 3 == 0 ? other : title, TOWN, library, Events.at(may.plusDays(i % 3), 23 - i % 2));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> total("select coalesce(sum(loans), 0) from loan_day where municipality = '" + TOWN + "'") == 9);
        assertEquals(days(TOWN), months(TOWN));
        assertEquals(9, total("select sum(loans) from loan_month where municipality = '" + TOWN + "'"));
        assertFalse(months(TOWN).isEmpty());

        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("insert into loan_day (day, municipality, library_id, publication_id, loans) select date '2019-01-01' + d, '"
                    + BULK_TOWN + "', '" + library + "', ('00000000-0000-4000-8000-' || lpad(to_hex(t), 12, '0'))::uuid, d + t "
                    + "from generate_series(0, 59) d, generate_series(1, 5) t");
            assertEquals(days(BULK_TOWN), months(BULK_TOWN));
            s.execute("insert into loan_day (day, municipality, library_id, publication_id, loans) select day, municipality, library_id, "
                    + "publication_id, 2 from loan_day where municipality = '" + BULK_TOWN + "' and day < date '2019-01-10' "
                    + "on conflict (day, municipality, publication_id, library_id) do update set loans = loan_day.loans + excluded.loans");
            assertEquals(days(BULK_TOWN), months(BULK_TOWN));
            s.execute("update loan_day set loans = loans * 3 where municipality = '" + BULK_TOWN + "' and day >= date '2019-02-01'");
            assertEquals(days(BULK_TOWN), months(BULK_TOWN));
            s.execute("delete from loan_day where municipality = '" + BULK_TOWN + "' and day >= date '2019-01-20' and day < date '2019-02-05'");
            assertEquals(days(BULK_TOWN), months(BULK_TOWN));
            // rows no event wrote leave nothing behind for the other tests (a rebuild would not bring them back)
            s.execute("delete from loan_day where municipality = '" + BULK_TOWN + "'");
            assertEquals(List.of(), months(BULK_TOWN));
        }
    }

    private List<String> days(String municipality) throws SQLException {
        return rows("select date_trunc('month', day)::date, library_id, publication_id, sum(loans) from loan_day where municipality = '"
                + municipality + "' group by 1, 2, 3 order by 1, 2, 3");
    }

    private List<String> months(String municipality) throws SQLException {
        return rows("select month, library_id, publication_id, loans from loan_month where municipality = '" + municipality
                + "' order by 1, 2, 3");
    }

    private long total(String sql) throws SQLException {
        return Long.parseLong(rows(sql).get(0));
    }

    private List<String> rows(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.append(i == 1 ? "" : " ").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
