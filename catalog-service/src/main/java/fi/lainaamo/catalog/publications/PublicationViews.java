package fi.lainaamo.catalog.publications;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.lainaamo.catalog.availability.AvailabilityService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * Many publications as patrons see them (a search or feed page), read in one statement with their availability and
 * hold queue, straight from the rows rather than through entities (issue 14: loading a search page's publications as
 * entities, and their availability in two more queries, was most of a search's CPU in the service). The views are
 * the same {@link PublicationView#of} builds from the entity: the jsonb columns are read by the same ObjectMapper
 * Hibernate maps them with ({@code quarkus.hibernate-orm.mapping.format.global=ignore}).
 */
@ApplicationScoped
class PublicationViews {

    private static final TypeReference<List<Identifier>> IDENTIFIERS = new TypeReference<>() {
    };
    private static final TypeReference<List<Contributor>> CONTRIBUTORS = new TypeReference<>() {
    };
    private static final TypeReference<List<Subject>> SUBJECTS = new TypeReference<>() {
    };

    /** In the ids' order (a repeated id repeats), without the ids no publication has. */
    private static final String SQL = """
            select p.id, p.title, p.subtitle, p.sort_title, p.format, p.language, p.languages, p.isbn, p.identifiers, p.authors,
                   p.contributors, p.subjects, p.audience, p.series_name, p.series_position, p.publisher, p.imprint, p.description,
                   p.published, p.cover_url, p.content_url, p.duration_seconds, p.pages, p.accessibility, p.status, p.withdrawn_reason,
                   p.withdrawn_at, p.created_at, p.updated_at,
                   a.publication_id is not null, a.copies_total, a.copies_available, a.seats_held_for_holds, a.updated_at, h.holds_waiting
            from unnest(?) with ordinality as wanted (id, n)
            join publication p on p.id = wanted.id
            left join publication_availability a on a.publication_id = p.id
            left join publication_holds h on h.publication_id = p.id
            order by wanted.n""";

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper json;

    @Inject
    AvailabilityService availability;

    /** Runs in the caller's transaction (the pool hands out the transaction's connection). */
    List<PublicationView> of(List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(SQL)) {
            statement.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
            List<PublicationView> views = new ArrayList<>(ids.size());
            try (ResultSet r = statement.executeQuery()) {
                while (r.next()) {
                    views.add(view(r));
                }
            }
            return views;
        } catch (SQLException e) {
            throw new IllegalStateException("reading publications failed: " + e.getMessage(), e);
        }
    }

    private PublicationView view(ResultSet r) throws SQLException {
        String seriesName = r.getString(14);
        return new PublicationView(r.getObject(1, UUID.class), r.getString(2), r.getString(3), r.getString(4),
                Format.valueOf(r.getString(5)), r.getString(6), texts(r.getArray(7)), r.getString(8), json(r.getString(9), IDENTIFIERS),
                texts(r.getArray(10)), json(r.getString(11), CONTRIBUTORS), json(r.getString(12), SUBJECTS), r.getString(13),
                seriesName == null ? null : new Series(seriesName, r.getBigDecimal(15)), r.getString(16), r.getString(17), r.getString(18),
                r.getObject(19, LocalDate.class), r.getString(20), r.getString(21), integer(r, 22), integer(r, 23),
                accessibility(r.getString(24)), r.getString(25), r.getString(26), instant(r, 27),
                availability.view(r.getBoolean(30), r.getInt(31), r.getInt(32), r.getInt(33), instant(r, 34), r.getInt(35)),
                instant(r, 28), instant(r, 29));
    }

    private static List<String> texts(Array array) throws SQLException {
        return array == null ? List.of() : Collections.unmodifiableList(Arrays.asList((String[]) array.getArray()));
    }

    private <T> List<T> json(String value, TypeReference<List<T>> type) {
        if (value == null) {
            return List.of();
        }
        try {
            List<T> list = json.readValue(value, type);
            return list == null ? List.of() : Collections.unmodifiableList(list);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Accessibility accessibility(String value) {
        try {
            return value == null ? null : json.readValue(value, Accessibility.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Integer integer(ResultSet r, int column) throws SQLException {
        int value = r.getInt(column);
        return r.wasNull() ? null : value;
    }

    private static Instant instant(ResultSet r, int column) throws SQLException {
        OffsetDateTime value = r.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
