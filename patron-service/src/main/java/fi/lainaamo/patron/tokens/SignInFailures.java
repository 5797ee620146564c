package fi.lainaamo.patron.tokens;

import fi.lainaamo.patron.staff.StaffAccount;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Sign-in lockout: after {@code max-failures} wrong secrets in a row for an account (a card's PIN, a staff member's
 * password), that account is refused until {@code lock-duration} has passed. Counted in the database with one atomic
 * upsert, so every instance sees the same count. Accounts are keyed by a hash, so a lock on a card or username that
 * does not exist stores nothing anyone typed.
 */
@ApplicationScoped
public class SignInFailures {

    @Inject
    EntityManager em;

    @Inject
    SignInLimits limits;

    /** Until when the account is locked, if it is now. */
    public Optional<Instant> lockedUntil(String accountHash) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object> rows = em.createNativeQuery("select locked_until from sign_in_failure where account_hash = ?1 and locked_until > now()")
                    .setParameter(1, accountHash).getResultList();
            return rows.isEmpty() ? Optional.<Instant>empty() : Optional.of(toInstant(rows.get(0)));
        });
    }

    /** Counts a wrong secret; returns the lock's end when the account is locked now (by this failure or one at the same moment). */
    public Optional<Instant> failed(String accountHash) {
        Instant until = Instant.now().plus(limits.lockDuration());
        return QuarkusTransaction.requiringNew().call(() -> {
            Object lockedUntil = em.createNativeQuery("insert into sign_in_failure (account_hash, failures, locked_until, updated_at) "
                            + "values (?1, 1, case when 1 >= ?2 then cast(?3 as timestamptz) else null end, now()) "
                            + "on conflict (account_hash) do update set "
                            // a lock that has run out starts the count again; one still running (set by a request at the
                            // same moment) stays as it is, so this attempt is refused too
                            + "failures = case when sign_in_failure.locked_until <= now() then 1 else sign_in_failure.failures + 1 end, "
                            + "locked_until = case when sign_in_failure.locked_until > now() then sign_in_failure.locked_until "
                            + "  when (case when sign_in_failure.locked_until <= now() then 1 else sign_in_failure.failures + 1 end) >= ?2 "
                            + "  then cast(?3 as timestamptz) else null end, "
                            + "updated_at = now() "
                            + "returning locked_until")
                    .setParameter(1, accountHash)
                    .setParameter(2, limits.maxFailures())
                    .setParameter(3, Timestamp.from(until))
                    .getSingleResult();
            return Optional.ofNullable(lockedUntil).map(SignInFailures::toInstant);
        });
    }

    /** The right secret clears the count. */
    public void succeeded(String accountHash) {
        QuarkusTransaction.requiringNew().run(() -> forget(accountHash));
    }

    /** An erased patron's card leaves no count behind; part of the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void erased(String accountHash) {
        forget(accountHash);
    }

    private void forget(String accountHash) {
        em.createNativeQuery("delete from sign_in_failure where account_hash = ?1").setParameter(1, accountHash).executeUpdate();
    }

    /** The key of a card, whatever letter case or spaces it was typed with. */
    public static String cardHash(String cardNumber) {
        String normalized = cardNumber == null ? "" : cardNumber.strip().toUpperCase(Locale.ROOT);
        return sha256("lainaamo-card:" + normalized);
    }

    /** The key of a staff account (the bootstrap admin's too), normalized as usernames are. */
    public static String staffHash(String username) {
        String normalized = username == null ? "" : StaffAccount.normalized(username);
        return sha256("lainaamo-staff:" + normalized);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Instant toInstant(Object value) {
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }
}
