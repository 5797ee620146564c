package fi.lainaamo.patron.tokens;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * How much guessing sign-in allows: a card or staff account is locked after a few wrong secrets in a row, and one
 * client address may fail only so often in a window, whichever cards or usernames it tries.
 */
@ConfigMapping(prefix = "lainaamo.sign-in")
public interface SignInLimits {

    /** Wrong PINs (or staff passwords) in a row after which the card (or account) is locked. */
    @WithDefault("5")
    int maxFailures();

    /** How long a locked card or account stays locked. */
    @WithDefault("15m")
    Duration lockDuration();

    /** The limit per client address. */
    Address address();

    /** At most {@code max-failures} failed sign-ins per client address in a {@code window} that starts with the first. */
    interface Address {

        @WithDefault("20")
        int maxFailures();

        @WithDefault("5m")
        Duration window();
    }
}
