package fi.lainaamo.catalog.search;

import fi.lainaamo.platform.problem.ProblemException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Opaque page cursors for search results. Inside is the position in the ordered result: a relevance order has no
 * keyset to continue from, so the cursor keeps the position and callers must treat it as opaque (it may become a
 * keyset later without breaking them). Deep paging is capped: nobody reads past {@link #MAX_OFFSET} results.
 */
public final class Cursors {

    public static final int MAX_OFFSET = 10_000;

    private Cursors() {
    }

    public static String next(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("o:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    /** The position a cursor names; a missing cursor is the first page; anything else unreadable is the client's error. */
    public static int offset(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return 0;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (s.startsWith("o:")) {
                int offset = Integer.parseInt(s.substring(2));
                if (offset >= 0 && offset <= MAX_OFFSET) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw new ProblemException(400, "invalid-cursor", List.of(new ProblemException.Violation("invalid-cursor", "cursor", cursor)));
    }
}
