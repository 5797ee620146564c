package fi.lainaamo.events;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;

/**
 * The publication id every service derives from a publication's identifier (an ISBN, or a distributor's URN), so
 * catalog-service (from ONIX or a feed's metadata) and license-service (from the same feed's licences) name a title
 * the same way without asking each other.
 */
public final class PublicationIds {

    private PublicationIds() {
    }

    /** {@code 978-951-0-00001-9}, {@code 9789510000019} and {@code urn:isbn:9789510000019} give the same id. */
    public static UUID fromIdentifier(String identifier) {
        String normalized = identifier.trim().toLowerCase(Locale.ROOT);
        if (normalized.startsWith("urn:isbn:")) {
            normalized = normalized.substring("urn:isbn:".length());
        }
        String digits = normalized.replace("-", "").replace(" ", "");
        if (digits.matches("\\d{13}")) {
            normalized = "urn:isbn:" + digits;
        }
        return UUID.nameUUIDFromBytes(("lainaamo:publication:" + normalized).getBytes(StandardCharsets.UTF_8));
    }
}
