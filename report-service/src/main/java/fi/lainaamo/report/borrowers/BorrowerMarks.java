package fi.lainaamo.report.borrowers;

import fi.lainaamo.platform.events.NotNow;
import fi.lainaamo.report.rebuild.ProjectionGate;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.util.Arrays;
import java.util.UUID;

/**
 * Distinct borrowers per day and month and municipality without keeping who they are. A loan leaves a mark
 * HMAC-SHA256(key, grain | period | patron id), truncated to 16 bytes, in a set per period; the count of the set is the
 * number of distinct borrowers. Chosen over a HyperLogLog sketch because the numbers are exact (a small municipality's
 * monthly borrowers are tens, where a sketch's error shows), a rebuild arrives at the same set, and a mark cannot be
 * followed from one period to the next. Once a period is over (and a grace time for late events passed) its marks are
 * replaced by their count.
 */
@ApplicationScoped
public class BorrowerMarks {

    private static final Logger LOG = Logger.getLogger(BorrowerMarks.class);

    public static final String DAY = "D";
    public static final String MONTH = "M";

    @Inject
    EntityManager em;

    @Inject
    ProjectionGate gate;

    @ConfigProperty(name = "lainaamo.reports.borrower-key")
    String key;

    @ConfigProperty(name = "lainaamo.reports.marks-kept-after-period")
    Period keptAfterPeriod;

    /** Marks the patron as a borrower on {@code day} and in its month, in the caller's transaction. */
    public void borrowed(UUID patronId, String municipality, LocalDate day) {
        mark(DAY, day, municipality, patronId);
        mark(MONTH, day.withDayOfMonth(1), municipality, patronId);
    }

    private void mark(String grain, LocalDate period, String municipality, UUID patronId) {
        em.createNativeQuery("insert into borrower_mark (grain, period, municipality, mark) values (?1, ?2, ?3, ?4) on conflict do nothing")
                .setParameter(1, grain).setParameter(2, period).setParameter(3, municipality)
                .setParameter(4, mark(grain, period, patronId)).executeUpdate();
    }

    byte[] mark(String grain, LocalDate period, UUID patronId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] full = mac.doFinal((grain + "|" + period + "|" + patronId).getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(full, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /**
     * Periods that ended more than the grace time ago keep only their count; their marks go. It goes through the
     * rebuild's gate: a rebuild refills marks of every period from the topics, and a sweep in its middle would count a
     * period's marks once before the rest of the period's loans arrived and once after, counting a borrower twice.
     */
    @Scheduled(every = "${lainaamo.reports.marks-sweep}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void countClosedPeriods() {
        try {
            countClosedPeriods(LocalDate.now(fi.lainaamo.report.ReportDays.FINLAND));
        } catch (NotNow rebuilding) {
            LOG.debugf("borrower-mark sweep skipped: %s; the next sweep counts these periods", rebuilding.getMessage());
        }
    }

    void countClosedPeriods(LocalDate today) {
        LocalDate dayCutoff = today.minus(keptAfterPeriod);
        LocalDate monthCutoff = dayCutoff.withDayOfMonth(1); // a month is over once its last day is
        QuarkusTransaction.requiringNew().timeout((int) Duration.ofMinutes(5).toSeconds()).run(() -> {
            gate.enter();
            close(DAY, dayCutoff);
            close(MONTH, monthCutoff);
        });
    }

    /** Counts and removes the marks of periods starting before {@code before}. */
    private void close(String grain, LocalDate before) {
        em.createNativeQuery("insert into borrower_count (grain, period, municipality, borrowers) "
                        + "select grain, period, municipality, count(*) from borrower_mark where grain = ?1 and period < ?2 "
                        + "group by grain, period, municipality on conflict (grain, period, municipality) "
                        + "do update set borrowers = borrower_count.borrowers + excluded.borrowers")
                .setParameter(1, grain).setParameter(2, before).executeUpdate();
        em.createNativeQuery("delete from borrower_mark where grain = ?1 and period < ?2")
                .setParameter(1, grain).setParameter(2, before).executeUpdate();
    }
}
