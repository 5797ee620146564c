package fi.lainaamo.license.licences;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.UUID;

/**
 * Announces each licence's expiry (licence expired, availability changed) within a check interval of the expiry
 * instant. Lending never waits for this job: Licence.canLend checks the expiry itself.
 */
@ApplicationScoped
public class LicenceExpiry {

    @Inject
    LicenceService licences;

    @Scheduled(every = "${lainaamo.licences.expiry-check-every:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void announce() {
        for (UUID licence : licences.expiredUnannounced(Instant.now())) {
            licences.announceExpiry(licence);
        }
    }
}
