package fi.lainaamo.devinfra.fuzz;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A cheap picture of a service's state: the row count of each of its tables, and how many outbox events it has ever
 * numbered (the relay deletes published rows within milliseconds, the sequence remembers them). A refused request
 * must leave it as it was.
 */
final class StateFingerprint {

    /** Bookkeeping that changes on its own: Flyway's history, and consumers recording what they processed. */
    private static final Set<String> ALWAYS_IGNORED = Set.of("flyway_schema_history", "processed_event", "outbox_event");

    private final DataSource database;
    private final String query;

    StateFingerprint(DataSource database, Set<String> ignoredTables) {
        this.database = database;
        List<String> tables = new ArrayList<>();
        try (Connection c = database.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select table_name from information_schema.tables "
                     + "where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name")) {
            while (rs.next()) {
                String table = rs.getString(1);
                if (!ALWAYS_IGNORED.contains(table) && !ignoredTables.contains(table)) {
                    tables.add(table);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list the service's tables", e);
        }
        List<String> parts = new ArrayList<>();
        parts.add("select 'outbox_event (numbered)', (select last_value from outbox_event_id_seq)");
        tables.forEach(t -> parts.add("select '" + t + "', count(*) from \"" + t + "\""));
        this.query = String.join(" union all ", parts);
    }

    Map<String, Long> take() {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = database.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the state fingerprint", e);
        }
        return counts;
    }

    /** Waits (at most a few seconds) until nothing changes on its own: consumers, sweeps and imports finish. */
    Map<String, Long> settled() {
        Map<String, Long> previous = take();
        for (int i = 0; i < 25; i++) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            Map<String, Long> now = take();
            if (now.equals(previous)) {
                return now;
            }
            previous = now;
        }
        return previous;
    }

    static String difference(Map<String, Long> before, Map<String, Long> after) {
        return after.entrySet().stream()
                .filter(e -> !e.getValue().equals(before.get(e.getKey())))
                .map(e -> e.getKey() + " " + before.get(e.getKey()) + "→" + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
