package fi.lainaamo.report.municipality;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The breakdown rollup the municipality report reads ({@code loan_month_share}) stays equal to loan_month joined to
 * the publications as the catalogue describes them now, while loans and catalogue changes are written at the same time
 * by separate transactions, as the loans and catalogue consumers do: loans for titles not yet described and for titles
 * whose format, language, subjects or publisher change meanwhile, each loan's transaction held open a moment after its
 * write so that catalogue transactions commit in between. Without the lock between the two kinds of write (V11) a loan
 * counted under the values a concurrent catalogue change replaced stays under them.
 */
@QuarkusTest
class LoanShareRollupTest {

    /** Codes no other test of the module uses (the tests share one database). */
    static final String TOWN = "963";
    static final String OTHER_TOWN = "964";

    private static final String TRUTH = "select m.municipality, m.month, s.breakdown, s.value, sum(m.loans) from loan_month m "
            + "left join publication p on p.publication_id = m.publication_id cross join lateral loan_shares(p.format, p.language, "
            + "p.audience, p.fiction, p.subjects, p.publisher) s where m.municipality in ('" + TOWN + "', '" + OTHER_TOWN + "') "
            + "group by 1, 2, 3, 4 order by 1, 2, 3, 4";
    private static final String KEPT = "select municipality, month, breakdown, value, loans from loan_month_share "
            + "where municipality in ('" + TOWN + "', '" + OTHER_TOWN + "') order by 1, 2, 3, 4";

    @Inject
    DataSource dataSource;

    @Test
    void theSharesFollowLoansAndCatalogueChangesWrittenAtTheSameTime() throws Exception {
        UUID library = UUID.randomUUID();
        List<UUID> titles = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            titles.add(UUID.randomUUID());
        }
        // half the titles are described before the race, the other half first during it
        for (int i = 0; i < 3; i++) {
            describe(titles.get(i), 0);
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Integer>> writers = new ArrayList<>();
            for (String town : List.of(TOWN, OTHER_TOWN)) {
                writers.add(pool.submit(loans(town, library, titles)));
            }
            writers.add(pool.submit(() -> {
                for (int round = 1; round <= 40; round++) {
                    describe(titles.get(round % titles.size()), round);
                    Thread.sleep(3);
                }
                return 40;
            }));
            for (Future<Integer> writer : writers) {
                assertTrue(writer.get() > 0);
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> truth = rows(TRUTH);
        assertTrue(truth.size() > 20, "the race wrote loans in both towns: " + truth.size());
        assertEquals(truth, rows(KEPT));

        // the rows no event wrote leave nothing behind for the other tests: the shares go with the loans
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("delete from loan_day where municipality in ('" + TOWN + "', '" + OTHER_TOWN + "')");
            s.execute("delete from publication where publication_id in (" + String.join(", ", titles.stream().map(t -> "'" + t + "'").toList()) + ")");
        }
        assertEquals(List.of(), rows(KEPT));
    }

    /** 60 loan transactions for one town, each held open a moment after its write. */
    private Callable<Integer> loans(String town, UUID library, List<UUID> titles) {
        return () -> {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement loan = c.prepareStatement("insert into loan_day (day, municipality, library_id, publication_id, loans) "
                        + "values (date '2026-03-01' + ?, ?, ?, ?, 1) on conflict (day, municipality, publication_id, library_id) "
                        + "do update set loans = loan_day.loans + 1");
                     Statement pause = c.createStatement()) {
                    for (int i = 0; i < 60; i++) {
                        loan.setInt(1, ThreadLocalRandom.current().nextInt(45)); // March and April
                        loan.setString(2, town);
                        loan.setObject(3, library);
                        loan.setObject(4, titles.get(ThreadLocalRandom.current().nextInt(titles.size())));
                        loan.executeUpdate();
                        pause.execute("select pg_sleep(0.01)");
                        c.commit();
                    }
                }
            }
            return 60;
        };
    }

    /** The catalogue's upsert of a title, its values changing with the round. */
    private void describe(UUID title, int round) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("insert into publication (publication_id, title, format, language, audience, fiction, "
                     + "subjects, publisher) values (?, 'Kisa', ?, ?, 'ADULT', ?, cast(? as text[]), ?) on conflict (publication_id) do update "
                     + "set format = excluded.format, language = excluded.language, fiction = excluded.fiction, "
                     + "subjects = excluded.subjects, publisher = excluded.publisher")) {
            p.setObject(1, title);
            p.setString(2, round % 2 == 0 ? "EBOOK" : "AUDIOBOOK");
            p.setString(3, round % 3 == 0 ? "fi" : "sv");
            p.setBoolean(4, round % 4 < 2);
            p.setString(5, round % 5 == 0 ? "{}" : "{FBA,Y" + (round % 3) + "}");
            p.setString(6, "Kustantamo " + round % 4);
            p.executeUpdate();
        }
    }

    private List<String> rows(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= 5; i++) {
                    row.append(i == 1 ? "" : " ").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
