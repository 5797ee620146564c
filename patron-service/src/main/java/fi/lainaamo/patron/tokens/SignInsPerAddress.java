package fi.lainaamo.patron.tokens;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The limit per client address: at most {@code address.max-failures} failed sign-ins in a {@code address.window} that
 * starts with the first failure, whichever cards or usernames were tried; then sign-in from there is refused until
 * the window ends. Only failures count (a right PIN does not clear the count, or one good card would reset a spray of
 * guesses). Kept in the database so every instance counts together; an address is stored only as a hash, and a row
 * is deleted within a minute after its window ends.
 */
@ApplicationScoped
public class SignInsPerAddress {

    @Inject
    EntityManager em;

    @Inject
    SignInLimits limits;

    /** Until when sign-in from the address is refused, if it is now. */
    public Optional<Instant> refusedUntil(ClientAddress address) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object> rows = em.createNativeQuery("select window_end from sign_in_address_failure "
                            + "where address_hash = ?1 and failures >= ?2 and window_end > now()")
                    .setParameter(1, address.hash())
                    .setParameter(2, limits.address().maxFailures())
                    .getResultList();
            return rows.isEmpty() ? Optional.<Instant>empty() : Optional.of(SignInFailures.toInstant(rows.get(0)));
        });
    }

    /** Counts a failed sign-in from the address; a window that has ended starts again with this one. */
    public void failed(ClientAddress address) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("insert into sign_in_address_failure (address_hash, failures, window_end) "
                        + "values (?1, 1, now() + cast(?2 as bigint) * interval '1 millisecond') "
                        + "on conflict (address_hash) do update set "
                        + "failures = case when sign_in_address_failure.window_end <= now() then 1 else sign_in_address_failure.failures + 1 end, "
                        + "window_end = case when sign_in_address_failure.window_end <= now() then excluded.window_end "
                        + "  else sign_in_address_failure.window_end end")
                .setParameter(1, address.hash())
                .setParameter(2, limits.address().window().toMillis())
                .executeUpdate());
    }

    /** Rows of ended windows go: nothing about an address is kept longer than its window and a minute. */
    @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void forgetEndedWindows() {
        QuarkusTransaction.requiringNew().run(() ->
                em.createNativeQuery("delete from sign_in_address_failure where window_end <= now()").executeUpdate());
    }
}
