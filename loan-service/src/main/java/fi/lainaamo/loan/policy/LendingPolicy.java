package fi.lainaamo.loan.policy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The consortium's lending rules, set in configuration and shown read-only in the API. */
@ConfigMapping(prefix = "lainaamo.lending")
public interface LendingPolicy {

    /** Loan length in days, never beyond the licence's own maximum. */
    @WithDefault("21")
    int loanDays();

    /** Active loans a patron may have at once. */
    @WithDefault("5")
    int loanLimit();
}
