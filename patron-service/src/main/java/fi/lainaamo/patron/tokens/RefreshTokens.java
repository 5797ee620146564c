package fi.lainaamo.patron.tokens;

import fi.lainaamo.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Refresh tokens: long random strings of which only a SHA-256 is stored. Each use rotates the token (the old one is
 * marked used and a new one of the same family is issued); a used token presented again means it was copied, so the
 * whole family is revoked. Sign-out, a block and an erasure revoke every token of the subject.
 */
@ApplicationScoped
public class RefreshTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    EntityManager em;

    @ConfigProperty(name = "lainaamo.tokens.refresh-ttl", defaultValue = "30d")
    Duration ttl;

    /** Who a refresh token belongs to: a patron or a staff account (kind), by id or bootstrap username (subject). */
    public record Holder(String subject, String kind) {
    }

    @Transactional(Transactional.TxType.REQUIRED)
    public String issue(Holder holder) {
        return issue(holder, UUID.randomUUID());
    }

    private String issue(Holder holder, UUID family) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        em.createNativeQuery("insert into refresh_token (token_hash, family_id, subject, kind, expires_at) values (?1, ?2, ?3, ?4, ?5)")
                .setParameter(1, hash(token))
                .setParameter(2, family)
                .setParameter(3, holder.subject())
                .setParameter(4, holder.kind())
                .setParameter(5, Timestamp.from(Instant.now().plus(ttl)))
                .executeUpdate();
        return token;
    }

    /** A rotated pair: the holder the old token belonged to and the new refresh token. */
    public record Rotated(Holder holder, String refreshToken) {
    }

    /** Uses a refresh token once; refuses an unknown, expired, revoked or already used one (the last revokes its family). */
    @Transactional(dontRollbackOn = ProblemException.class)
    public Rotated rotate(String token) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select family_id, subject, kind, expires_at, used_at, revoked_at from refresh_token "
                        + "where token_hash = ?1 for update")
                .setParameter(1, hash(token == null ? "" : token))
                .getResultList();
        if (rows.isEmpty()) {
            throw invalid();
        }
        Object[] row = rows.get(0);
        UUID family = (UUID) row[0];
        Holder holder = new Holder((String) row[1], (String) row[2]);
        Instant expires = instant(row[3]);
        if (row[4] != null) {
            revokeFamily(family); // replayed: someone else may hold the newer token
            throw invalid();
        }
        if (row[5] != null || expires.isBefore(Instant.now())) {
            throw invalid();
        }
        em.createNativeQuery("update refresh_token set used_at = now() where token_hash = ?1").setParameter(1, hash(token)).executeUpdate();
        return new Rotated(holder, issue(holder, family));
    }

    /** Sign-out: the token's family ends; an unknown token changes nothing. */
    @Transactional
    public void revoke(String token) {
        em.createNativeQuery("update refresh_token set revoked_at = now() where revoked_at is null and family_id in "
                        + "(select family_id from refresh_token where token_hash = ?1)")
                .setParameter(1, hash(token == null ? "" : token))
                .executeUpdate();
    }

    /** Every refresh token of the subject ends (block). */
    @Transactional(Transactional.TxType.MANDATORY)
    public int revokeAll(String subject) {
        return em.createNativeQuery("update refresh_token set revoked_at = now() where subject = ?1 and revoked_at is null")
                .setParameter(1, subject).executeUpdate();
    }

    /** Erasure: the rows themselves go, since they name the patron. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void deleteAll(String subject) {
        em.createNativeQuery("delete from refresh_token where subject = ?1").setParameter(1, subject).executeUpdate();
    }

    private void revokeFamily(UUID family) {
        em.createNativeQuery("update refresh_token set revoked_at = now() where family_id = ?1 and revoked_at is null")
                .setParameter(1, family).executeUpdate();
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }

    private static ProblemException invalid() {
        return new ProblemException(401, "invalid-refresh-token");
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
