package fi.lainaamo.patron.tokens;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A sign-in refused for a while, without checking the secret: the card or staff account is locked after too many
 * wrong secrets, or the client address has failed too often. Until when is said in the problem and in Retry-After.
 */
public class SignInLocked extends RuntimeException {

    /** What is locked; each has its stable problem code and its own detail text. */
    public enum Lock {
        CARD("sign-in-locked", "sign-in-locked.detail"),
        STAFF_ACCOUNT("sign-in-locked", "sign-in-locked.staff.detail"),
        ADDRESS("sign-in-rate-limited", "sign-in-rate-limited.detail");

        final String code;
        final String detailKey;

        Lock(String code, String detailKey) {
            this.code = code;
            this.detailKey = detailKey;
        }
    }

    private final Lock lock;
    private final Instant until;

    public SignInLocked(Lock lock, Instant until) {
        super(lock.code, null, false, false);
        this.lock = lock;
        this.until = until.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    }

    Lock lock() {
        return lock;
    }

    Instant until() {
        return until;
    }
}
