package fi.lainaamo.patron.tokens;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Too many wrong PINs for a card: refused until {@code lockedUntil}, said in the problem and in Retry-After. */
public class SignInLocked extends RuntimeException {

    private final Instant until;

    public SignInLocked(Instant until) {
        super("sign-in-locked", null, false, false);
        this.until = until.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    }

    Instant until() {
        return until;
    }
}
