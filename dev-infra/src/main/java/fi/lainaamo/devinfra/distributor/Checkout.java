package fi.lainaamo.devinfra.distributor;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * A loan as the simulated distributor keeps it, for tests to assert on: who checked out which licence under which
 * {@code checkout_id}, until when, and where it stands now. {@code loanId} is the status document's {@code id}.
 */
public record Checkout(UUID loanId, UUID licenceId, String checkoutId, String patronId, Instant expires,
                       Status status, boolean hintGiven, String notificationUrl) {

    /** The Readium status of a loan; ready and active loans hold a copy of the licence. */
    public enum Status {
        READY, ACTIVE, RETURNED, REVOKED, EXPIRED;

        /** The value of the status document's {@code status} field. */
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        public boolean holdsCopy() {
            return this == READY || this == ACTIVE;
        }
    }
}
