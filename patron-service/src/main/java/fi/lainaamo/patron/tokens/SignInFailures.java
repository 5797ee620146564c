package fi.lainaamo.patron.tokens;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Sign-in protection: after {@code max-failures} wrong PINs in a row for a card, that card is refused until
 * {@code lock-duration} has passed. Counted in the database with one atomic upsert, so every instance sees the same
 * count. Cards are keyed by a hash, so a lock on a card that does not exist stores nothing anyone typed.
 */
@ApplicationScoped
public class SignInFailures {

    @Inject
    EntityManager em;

    @ConfigProperty(name = "lainaamo.sign-in.max-failures", defaultValue = "5")
    int maxFailures;

    @ConfigProperty(name = "lainaamo.sign-in.lock-duration", defaultValue = "15m")
    Duration lockDuration;

    /** Until when the card is locked, if it is now. */
    public Optional<Instant> lockedUntil(String cardNumber) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Timestamp> rows = em.createNativeQuery("select locked_until from sign_in_failure where card_hash = ?1 and locked_until > now()")
                    .setParameter(1, cardHash(cardNumber)).getResultList();
            return rows.isEmpty() ? Optional.<Instant>empty() : Optional.of(toInstant(rows.get(0)));
        });
    }

    /** Counts a wrong PIN; returns the lock's end when the card is locked now (by this failure or one at the same moment). */
    public Optional<Instant> failed(String cardNumber) {
        Instant until = Instant.now().plus(lockDuration);
        return QuarkusTransaction.requiringNew().call(() -> {
            Object lockedUntil = em.createNativeQuery("insert into sign_in_failure (card_hash, failures, locked_until, updated_at) "
                            + "values (?1, 1, case when 1 >= ?2 then cast(?3 as timestamptz) else null end, now()) "
                            + "on conflict (card_hash) do update set "
                            // a lock that has run out starts the count again; one still running (set by a request at the
                            // same moment) stays as it is, so this attempt is refused too
                            + "failures = case when sign_in_failure.locked_until <= now() then 1 else sign_in_failure.failures + 1 end, "
                            + "locked_until = case when sign_in_failure.locked_until > now() then sign_in_failure.locked_until "
                            + "  when (case when sign_in_failure.locked_until <= now() then 1 else sign_in_failure.failures + 1 end) >= ?2 "
                            + "  then cast(?3 as timestamptz) else null end, "
                            + "updated_at = now() "
                            + "returning locked_until")
                    .setParameter(1, cardHash(cardNumber))
                    .setParameter(2, maxFailures)
                    .setParameter(3, Timestamp.from(until))
                    .getSingleResult();
            return Optional.ofNullable(lockedUntil).map(SignInFailures::toInstant);
        });
    }

    /** A right PIN clears the count. */
    public void succeeded(String cardNumber) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("delete from sign_in_failure where card_hash = ?1")
                .setParameter(1, cardHash(cardNumber)).executeUpdate());
    }

    public static String cardHash(String cardNumber) {
        try {
            String normalized = cardNumber == null ? "" : cardNumber.strip().toUpperCase(java.util.Locale.ROOT);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(("lainaamo-card:" + normalized).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant toInstant(Object value) {
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
