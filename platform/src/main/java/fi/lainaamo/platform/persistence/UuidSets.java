package fi.lainaamo.platform.persistence;

import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * A statement about many rows at once, given their ids as one {@code uuid[]} parameter ({@code = any(?::uuid[])}), on
 * the session's connection: one round trip, where a query per id would make one each.
 */
public final class UuidSets {

    private UuidSets() {
    }

    /** The ids the statement answers in its first column; {@code sql} has one parameter, the ids as a {@code uuid[]}. */
    public static Set<UUID> select(EntityManager em, String sql, Collection<UUID> ids) {
        return em.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
                Set<UUID> answered = new HashSet<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        answered.add(rows.getObject(1, UUID.class));
                    }
                }
                return answered;
            }
        });
    }
}
