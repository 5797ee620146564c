package fi.lainaamo.loan.policy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** The consortium's lending rules, set in configuration and shown read-only in the API. */
@ConfigMapping(prefix = "lainaamo.lending")
public interface LendingPolicy {

    /** Loan length in days, never beyond the licence's own maximum. */
    @WithDefault("21")
    int loanDays();

    /** Active loans a patron may have at once. */
    @WithDefault("5")
    int loanLimit();

    /** Open holds (waiting, suspended or ready) a patron may have at once. */
    @WithDefault("5")
    int holdLimit();

    /** Days a ready hold keeps its copy for the patron before it goes to the next in line. */
    @WithDefault("3")
    int readyWindowDays();

    /** A ready window shorter than a day (e.g. PT10S), for end-to-end tests of expiring ready holds; unset in production. */
    Optional<Duration> readyWindow();

    /** How long a ready hold keeps its copy. */
    default Duration readyWindowLength() {
        return readyWindow().orElse(Duration.ofDays(readyWindowDays()));
    }

    /** How many times one loan may be renewed. */
    @WithDefault("1")
    int renewalLimit();

    /** Days a finished loan stays on the patron's shelf (status documents answer "returned") before it is anonymised. */
    @WithDefault("7")
    int finishedLoanKeptDays();

    /** The longest a hold can be suspended, in days. */
    @WithDefault("180")
    int maxSuspensionDays();
}
