package fi.lainaamo.license.imports;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Which distributor hosts license-service may fetch from, and how long it waits for them. */
@ConfigMapping(prefix = "lainaamo.distributors")
public interface DistributorConfig {

    /** Host names (exact, case-insensitive) whose feeds and info documents may be fetched; none when unset. */
    Optional<List<String>> allowedHosts();

    /** The longest wait for one answer from a distributor. */
    @WithDefault("10s")
    Duration timeout();

    /** The most pages of one paginated feed that an import follows. */
    @WithDefault("50")
    int maxPages();
}
