package fi.lainaamo.catalog.publications;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.lainaamo.events.PublicationUpserted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.StringReader;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The publications of an import's batch written with plain JDBC batches instead of Hibernate (issue 14: binding and
 * flushing the entities was most of the import thread's time). The rows are the ones {@link PublicationService} writes:
 * {@link Publication#describe} computes every column from the product, {@link PublicationService#upserted} the event,
 * and the JSON columns are written as Jackson writes the records. The caller owns the transaction and the connection
 * (Hibernate's, through {@code Session.doWork}), and keeps the events and search entries in it.
 */
@ApplicationScoped
public class ImportedPublications {

    private static final String COLUMNS = "title, subtitle, sort_title, format, language, languages, isbn, identifiers, authors, "
            + "contributors, subjects, subject_terms, audience, series_name, series_position, publisher, imprint, description, "
            + "published, cover_url, content_url, duration_seconds, pages, accessibility";
    /** The described columns, as {@code column = ?} for an update, in the order of {@link #COLUMNS}. */
    private static final String SET = String.join(", ", java.util.Arrays.stream(COLUMNS.split(", "))
            .map(c -> c + (List.of("identifiers", "contributors", "subjects", "accessibility").contains(c) ? " = cast(? as jsonb)" : " = ?"))
            .toList());

    @Inject
    ObjectMapper json;

    /** A publication the catalogue has: its id, ISBN and whether it is withdrawn. */
    public record Known(UUID id, String isbn, boolean withdrawn) {
    }

    /**
     * A publication as an import leaves it at the end of a batch. {@code described} holds the columns of its last
     * product (null when the batch only withdrew it); {@code exists} says whether it was there before the batch.
     */
    public static final class Pending {
        public final UUID id;
        public final boolean exists;
        Publication described;
        boolean withdrawn;
        boolean withdrawnHere;
        Instant withdrawnAt;
        Instant createdAt;
        Instant updatedAt;

        public Pending(UUID id, boolean exists, boolean withdrawn) {
            this.id = id;
            this.exists = exists;
            this.withdrawn = withdrawn;
        }

        public boolean withdrawn() {
            return withdrawn;
        }

        /**
         * Replaces every editable field, as {@link PublicationService#upsertImported} does (a withdrawn title stays
         * withdrawn), and answers the publication-upserted event to record.
         */
        public PublicationUpserted describe(PublicationDetails details, Instant now) {
            Publication p = new Publication();
            p.describe(details);
            p.id = id;
            if (!exists && createdAt == null) {
                createdAt = now;
            }
            updatedAt = now;
            described = p;
            return PublicationService.upserted(p);
        }

        /** Withdraws it as {@link PublicationService#withdraw(Publication, String)} does; false when it already was. */
        public boolean withdraw(Instant now) {
            if (withdrawn) {
                return false;
            }
            withdrawn = true;
            withdrawnHere = true;
            withdrawnAt = now;
            updatedAt = now;
            return true;
        }
    }

    /** The publications with these ISBNs or ids, in one query. */
    public List<Known> find(Connection connection, Collection<String> isbns, Collection<UUID> ids) throws SQLException {
        List<Known> known = new ArrayList<>();
        if (isbns.isEmpty() && ids.isEmpty()) {
            return known;
        }
        try (PreparedStatement select = connection.prepareStatement(
                "select id, isbn, status from publication where isbn = any (?) or id = any (?)")) {
            select.setArray(1, connection.createArrayOf("text", isbns.toArray()));
            select.setArray(2, connection.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    known.add(new Known(rows.getObject(1, UUID.class), rows.getString(2), "WITHDRAWN".equals(rows.getString(3))));
                }
            }
        }
        return known;
    }

    /**
     * Writes the batch's publications: new ones with one {@code COPY} (the row triggers run as for an insert), the
     * others as one batch of updates. A clash (an ISBN or id another transaction took meanwhile) fails the batch, which
     * the import then redoes product by product.
     */
    public void write(Connection connection, Collection<Pending> publications) throws SQLException {
        StringBuilder copy = new StringBuilder();
        try (PreparedStatement update = connection.prepareStatement("update publication set " + SET + ", updated_at = ? where id = ?");
             PreparedStatement withdraw = connection.prepareStatement(
                     "update publication set status = 'WITHDRAWN', withdrawn_reason = ?, withdrawn_at = ?, updated_at = ? where id = ?")) {
            int inserts = 0, updates = 0, withdrawals = 0;
            for (Pending p : publications) {
                if (!p.exists) {
                    copyRow(copy, p);
                    inserts++;
                } else if (p.described != null) {
                    // the status stays as it is (an update never reinstates); a withdrawal in the batch follows below
                    int i = describedColumns(connection, update, 1, p.described);
                    update.setObject(i, time(p.updatedAt));
                    update.setObject(i + 1, p.id);
                    update.addBatch();
                    updates++;
                }
                if (p.exists && p.withdrawnHere) {
                    withdraw.setString(1, "onix-delete");
                    withdraw.setObject(2, time(p.withdrawnAt));
                    withdraw.setObject(3, time(p.updatedAt));
                    withdraw.setObject(4, p.id);
                    withdraw.addBatch();
                    withdrawals++;
                }
            }
            if (inserts > 0) {
                copy(connection, "copy publication (id, " + COLUMNS
                        + ", status, withdrawn_reason, withdrawn_at, created_at, updated_at) from stdin", copy);
            }
            if (updates > 0) {
                update.executeBatch();
            }
            if (withdrawals > 0) {
                withdraw.executeBatch();
            }
        }
    }

    /**
     * A new publication as one line of COPY's text format, the columns in the order of the insert: what
     * {@link #describedColumns} binds, written as PostgreSQL reads the same values from their text form.
     */
    private void copyRow(StringBuilder line, Pending pending) {
        Publication p = pending.described;
        Object[] values = {pending.id, p.title, p.subtitle, p.sortTitle, p.format.name(), p.language, array(p.languages), p.isbn,
                json(p.identifiers), array(p.authors), json(p.contributors), json(p.subjects), array(p.subjectTerms), p.audience,
                p.seriesName, p.seriesPosition, p.publisher, p.imprint, p.description, p.published, p.coverUrl, p.contentUrl,
                p.durationSeconds, p.pages, p.accessibility == null ? null : json(p.accessibility),
                pending.withdrawn ? "WITHDRAWN" : "ACTIVE", pending.withdrawnHere ? "onix-delete" : null,
                pending.withdrawnHere ? time(pending.withdrawnAt) : null, time(pending.createdAt), time(pending.updatedAt)};
        copyLine(line, values);
    }

    /** Appends one line of COPY's text format: the values tab-separated, null as \\N, backslashes and line breaks escaped. */
    public static void copyLine(StringBuilder line, Object... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                line.append('\t');
            }
            Object value = values[i];
            if (value == null) {
                line.append("\\N");
                continue;
            }
            String text = value.toString();
            for (int c = 0; c < text.length(); c++) {
                char ch = text.charAt(c);
                switch (ch) {
                    case '\\' -> line.append("\\\\");
                    case '\t' -> line.append("\\t");
                    case '\n' -> line.append("\\n");
                    case '\r' -> line.append("\\r");
                    default -> line.append(ch);
                }
            }
        }
        line.append('\n');
    }

    /** Sends {@code lines} (COPY's text format) to {@code copy ... from stdin} on the caller's connection. */
    public static void copy(Connection connection, String copy, CharSequence lines) throws SQLException {
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copy, new StringReader(lines.toString()));
        } catch (IOException e) {
            throw new SQLException("cannot send the rows to PostgreSQL", e);
        }
    }

    /** A text[] literal: every element quoted, its quotes and backslashes escaped. */
    private static String array(List<String> elements) {
        StringBuilder a = new StringBuilder("{");
        for (String e : elements) {
            if (a.length() > 1) {
                a.append(',');
            }
            a.append('"').append(e.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return a.append('}').toString();
    }

    private static java.time.OffsetDateTime time(Instant instant) {
        return instant.atOffset(java.time.ZoneOffset.UTC);
    }

    /** Binds the columns {@link Publication#describe} sets, from parameter {@code i}; answers the next parameter. */
    private int describedColumns(Connection connection, PreparedStatement s, int i, Publication p) throws SQLException {
        s.setString(i++, p.title);
        s.setString(i++, p.subtitle);
        s.setString(i++, p.sortTitle);
        s.setString(i++, p.format.name());
        s.setString(i++, p.language);
        s.setArray(i++, connection.createArrayOf("text", p.languages.toArray()));
        s.setString(i++, p.isbn);
        s.setString(i++, json(p.identifiers));
        s.setArray(i++, connection.createArrayOf("text", p.authors.toArray()));
        s.setString(i++, json(p.contributors));
        s.setString(i++, json(p.subjects));
        s.setArray(i++, connection.createArrayOf("text", p.subjectTerms.toArray()));
        s.setString(i++, p.audience);
        s.setString(i++, p.seriesName);
        s.setBigDecimal(i++, p.seriesPosition);
        s.setString(i++, p.publisher);
        s.setString(i++, p.imprint);
        s.setString(i++, p.description);
        if (p.published == null) {
            s.setNull(i++, Types.DATE);
        } else {
            s.setDate(i++, Date.valueOf(p.published));
        }
        s.setString(i++, p.coverUrl);
        s.setString(i++, p.contentUrl);
        s.setObject(i++, p.durationSeconds, Types.INTEGER);
        s.setObject(i++, p.pages, Types.INTEGER);
        s.setString(i++, p.accessibility == null ? null : json(p.accessibility));
        return i;
    }

    private String json(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a publication's column cannot be written as JSON", e);
        }
    }
}
