package fi.lainaamo.platform.persistence;

import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.hibernate.query.NativeQuery;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A statement about many rows at once, given their ids as one {@code uuid[]} parameter ({@code = any(?::uuid[])}), on
 * the session's connection: one round trip, where a query per id would make one each.
 * <p>Also the way to load entities by a set of ids. Hibernate keeps no plan for a query with a list parameter
 * ({@code id in ?1}): it translates the query anew at every call, and in a consumer that applies a poll at a time
 * that translation was a tenth of license-service's CPU (issue 14). One array parameter keeps the plan.
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

    /**
     * The entities of {@code type} with these ids, those not found left out, in one statement: Hibernate's own
     * multi-load, which on PostgreSQL binds the ids as one array. Entities the session already holds are answered as
     * it holds them, without a flush (a query would flush first). Where the ids are the entity's own, this needs no SQL
     * of ours to keep in step with the mapping. It is not cheaper per call than {@link #entities}: Hibernate 7.2 builds
     * the multi-load's SQL anew each time, as it resolves a native query's result mapping (issue 14, nineteenth pass).
     */
    public static <T> List<T> byIds(EntityManager em, Class<T> type, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return em.unwrap(Session.class).findMultiple(type, List.copyOf(new LinkedHashSet<>(ids))).stream().filter(Objects::nonNull).toList();
    }

    /**
     * The entities of {@code type} that a native {@code select *} answers; {@code sql} has one parameter, the ids,
     * written {@code cast(?1 as uuid[])}. Entities the session already holds are answered as it holds them, and what
     * it has changed of {@code type} is flushed first, as a query of the entity's would.
     */
    @SuppressWarnings("unchecked")
    public static <T> List<T> entities(EntityManager em, Class<T> type, String sql, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return em.createNativeQuery(sql, type).unwrap(NativeQuery.class)
                .addSynchronizedEntityClass(type)
                .setParameter(1, arrayLiteral(ids))
                .getResultList();
    }

    /** The ids as a PostgreSQL array literal, {@code {id,id}}: a uuid has no character the literal must escape. */
    static String arrayLiteral(Collection<UUID> ids) {
        return ids.stream().map(UUID::toString).collect(Collectors.joining(",", "{", "}"));
    }
}
