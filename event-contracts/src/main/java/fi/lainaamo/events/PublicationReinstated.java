package fi.lainaamo.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A withdrawn publication is back in the catalogue: it can be found, held and borrowed again. Holds the withdrawal
 * cancelled stay cancelled (their patrons were told); patrons place new ones.
 */
public record PublicationReinstated(UUID publicationId, Instant reinstatedAt) {
}
