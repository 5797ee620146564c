package fi.lainaamo.platform.persistence;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * A {@code timestamptz} column as a native query hands it back: Hibernate gives a {@link Timestamp}, an
 * {@link Instant} or an {@link OffsetDateTime} depending on the query and the driver. One conversion for all of them.
 */
public final class SqlTimestamps {

    private SqlTimestamps() {
    }

    /** The instant of a native query's timestamp value; null stays null. */
    public static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }
}
