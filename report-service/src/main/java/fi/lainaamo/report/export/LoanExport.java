package fi.lainaamo.report.export;

import fi.lainaamo.report.ReportPeriod;
import fi.lainaamo.report.SmallCells;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.sql.DataSource;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

/**
 * The E-kirjasto loan statistics: one row per title, library and municipality of the period with its loans, in
 * E-kirjasto's columns, streamed from a database cursor so a national year is never held in memory.
 */
@ApplicationScoped
public class LoanExport {

    /** E-kirjasto's columns, in its order. */
    public static final List<String> COLUMNS = List.of("Tekijä", "Nimeke", "Lajityyppi", "Tunniste", "Kirjasto", "Sijainti",
            "Formaatti", "Kategoria(t)", "Kohderyhmä", "Kieli", "Kustantaja", "Julkaisuvuosi", "Kaikki lainat");

    /** Rows in one XLSX sheet, the header included: the format's limit, 1,048,576 (lower only in tests). */
    @ConfigProperty(name = "lainaamo.reports.xlsx-sheet-rows", defaultValue = "1048576")
    int sheetRows;

    /** Rows fetched from the cursor at a time. */
    private static final int FETCH = 5000;

    /** Memory for the export's sort, per export. */
    private static final String WORK_MEM = "64MB";

    @Inject
    DataSource dataSource;

    @Inject
    SmallCells smallCells;

    /** Which loans: the period, and optionally municipalities (null: all) and one library. */
    public record Selection(ReportPeriod period, List<String> municipalities, UUID library) {
    }

    /** One row as it is written, the loans already under the small-cell rule. */
    record ExportRow(String[] cells, long loans, boolean hidden) {
    }

    interface RowSink {
        void row(ExportRow row) throws IOException;
    }

    /** Writes CSV (RFC 4180, UTF-8 with a byte order mark so spreadsheet programs read the å, ä and ö). */
    public void csv(Selection selection, OutputStream out) throws IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        writer.write('\uFEFF');
        writer.write(csvLine(COLUMNS.toArray(String[]::new)));
        StringBuilder line = new StringBuilder(256);
        read(selection, row -> {
            String[] cells = row.cells();
            cells[cells.length - 1] = row.hidden() ? smallCells.shown(row.loans()) : Long.toString(row.loans());
            line.setLength(0);
            csvLine(line, cells);
            writer.append(line);
        });
        writer.flush();
    }

    /**
     * Writes XLSX as the rows arrive ({@link XlsxStream}: no temporary file, the first bytes leave with the first rows).
     * Past a sheet's 1,048,576 rows the rows go on in "Lainat 2", "Lainat 3", ..., each with the header again.
     */
    public void xlsx(Selection selection, OutputStream out) throws IOException {
        try (XlsxStream workbook = new XlsxStream(out, "Lainat", COLUMNS, sheetRows)) {
            Object[] row = new Object[COLUMNS.size()];
            read(selection, exported -> {
                String[] cells = exported.cells();
                System.arraycopy(cells, 0, row, 0, cells.length - 1);
                row[cells.length - 1] = exported.hidden() ? smallCells.shown(exported.loans()) : (Object) exported.loans();
                workbook.row(row);
            });
        }
    }

    private void read(Selection selection, RowSink sink) throws IOException {
        StringBuilder where = new StringBuilder("month >= ? and month < ?");
        if (selection.municipalities() != null) {
            where.append(" and municipality = any(?)");
        }
        if (selection.library() != null) {
            where.append(" and library_id = ?");
        }
        // the period's months from the monthly rollup (loan_month, kept equal to loan_day's days by its triggers); the
        // arrays joined by the database, which is cheaper than decoding them row by row in the driver
        String sql = "select array_to_string(p.contributors, '; '), p.title, p.fiction, array_to_string(p.identifiers, '; '), "
                + "l.library_id, l.municipality, p.format, array_to_string(p.subjects, '; '), "
                + "p.audience, p.language, p.publisher, p.published_year, l.loans from (select publication_id, library_id, municipality, "
                + "sum(loans) loans from loan_month where " + where + " group by publication_id, library_id, municipality) l "
                + "left join publication p on p.publication_id = l.publication_id "
                + "order by l.municipality, l.library_id, p.title, l.publication_id";
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false); // PostgreSQL streams with a cursor only inside a transaction
            connection.setReadOnly(true);
            try (Statement settings = connection.createStatement()) {
                // a national year sorts millions of rows: in memory rather than in temporary files, for this transaction only
                settings.execute("set local work_mem = '" + WORK_MEM + "'");
            }
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setFetchSize(FETCH);
                int i = 1;
                statement.setDate(i++, Date.valueOf(selection.period().firstDay()));
                statement.setDate(i++, Date.valueOf(selection.period().dayAfter()));
                if (selection.municipalities() != null) {
                    statement.setArray(i++, connection.createArrayOf("text", selection.municipalities().toArray()));
                }
                if (selection.library() != null) {
                    statement.setObject(i, selection.library());
                }
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        long loans = rs.getLong(13);
                        boolean fiction = rs.getBoolean(3);
                        boolean fictionKnown = !rs.wasNull();
                        int year = rs.getInt(12);
                        boolean yearKnown = !rs.wasNull();
                        String[] cells = {
                                joined(rs.getString(1)),
                                rs.getString(2),
                                fictionKnown ? (fiction ? "Kaunokirjallisuus" : "Tietokirjallisuus") : null,
                                joined(rs.getString(4)),
                                rs.getString(5),
                                rs.getString(6),
                                rs.getString(7),
                                joined(rs.getString(8)),
                                rs.getString(9),
                                rs.getString(10),
                                rs.getString(11),
                                yearKnown ? Integer.toString(year) : null,
                                null};
                        sink.row(new ExportRow(cells, loans, smallCells.hidden(loans)));
                    }
                }
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the export could not be read", e);
        }
    }

    /** An array as the database joined it with "; " ({@code array_to_string}): empty (no items) is no value. */
    private static String joined(String items) {
        return items == null || items.isEmpty() ? null : items;
    }

    static String csvLine(String[] cells) {
        StringBuilder line = new StringBuilder();
        csvLine(line, cells);
        return line.toString();
    }

    private static void csvLine(StringBuilder line, String[] cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            String cell = cells[i];
            if (cell == null) {
                continue;
            }
            // a leading =, +, - or @ would be a formula to a spreadsheet program: it is quoted with a leading apostrophe
            if (!cell.isEmpty() && "=+-@".indexOf(cell.charAt(0)) >= 0) {
                cell = "'" + cell;
            }
            if (cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0) {
                cell = '"' + cell.replace("\"", "\"\"") + '"';
            }
            line.append(cell);
        }
        line.append("\r\n");
    }
}
