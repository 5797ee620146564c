package fi.lainaamo.license.imports;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Which distributor hosts license-service may fetch from, and how long it waits for them. */
@ConfigMapping(prefix = "lainaamo.distributors")
public interface DistributorConfig {

    /**
     * {@code host:port} entries (host case-insensitive; a bare host means port 443 for https and 80 for http) whose
     * feeds, info documents and checkout links may be called; none when unset. See {@link DistributorHosts}.
     */
    Optional<List<String>> allowedHosts();

    /** The longest wait for one answer from a distributor. */
    @WithDefault("10s")
    Duration timeout();

    /** The most pages of one paginated feed that an import follows. */
    @WithDefault("50")
    int maxPages();

    /** Credentials per distributor host: {@code host=basic:user:password} or {@code host=bearer:token}, separated by {@code ;}. */
    Optional<String> credentials();

    /** Keys the per-distributor patron pseudonyms and the LCP passphrases. */
    String pseudonymKey();

    /** The longest wait for a checkout, return or status answer. */
    @WithDefault("20s")
    Duration checkoutTimeout();

    /** Tries of one call that meets a connection error or a 5xx. */
    @WithDefault("3")
    int attempts();

    /**
     * How often the sweep looks for returns and undos still to do (those whose call failed, or left by a restart):
     * a new return is carried at once, after the commit that made it due; a failed one is tried again by the sweep.
     */
    @WithDefault("10s")
    Duration settleEvery();

    /** Returns and undos carried to distributors side by side, per instance. */
    @WithDefault("8")
    int returnConcurrency();

    /** A pending checkout untouched this long was left by a crash or a lost answer and is finished or undone. */
    @WithDefault("60s")
    Duration settlePendingAfter();
}
