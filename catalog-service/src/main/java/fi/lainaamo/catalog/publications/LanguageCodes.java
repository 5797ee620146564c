package fi.lainaamo.catalog.publications;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The catalogue stores ISO 639-2/B codes (ONIX code list 74: {@code fin}, {@code swe}, {@code ger}); OPDS and ODL
 * feeds speak BCP 47 ("fi", "sv-FI"). The codes are the whole ISO 639-2 list (resource {@code iso639-2.tsv}), with
 * {@code qaa}–{@code qtz} reserved for local use; a terminology code ({@code deu}) is taken as its bibliographic one
 * ({@code ger}). {@code und} is "undetermined", what the catalogue stores when a source gives no language.
 */
public final class LanguageCodes {

    /** The code of a publication whose language no source gave. */
    public static final String UNDETERMINED = "und";

    private static final Set<String> BIBLIOGRAPHIC = new HashSet<>();
    private static final Map<String, String> TERMINOLOGY_TO_B = new HashMap<>();
    private static final Map<String, String> TWO_TO_THREE = new HashMap<>();
    private static final Map<String, String> THREE_TO_TWO = new HashMap<>();

    static {
        try (InputStream in = LanguageCodes.class.getResourceAsStream("/iso639-2.tsv")) {
            if (in == null) {
                throw new IllegalStateException("iso639-2.tsv is missing from the classpath");
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f[0].contains("-")) {
                    continue; // qaa-qtz: a range, checked in isIso639B
                }
                BIBLIOGRAPHIC.add(f[0]);
                if (!"-".equals(f[1])) {
                    TERMINOLOGY_TO_B.put(f[1], f[0]);
                }
                if (!"-".equals(f[2])) {
                    TWO_TO_THREE.put(f[2], f[0]);
                    THREE_TO_TWO.put(f[0], f[2]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private LanguageCodes() {
    }

    /** True for an ISO 639-2/B code as the catalogue stores it (lower case), {@code und} and {@code qaa}–{@code qtz} included. */
    public static boolean isIso639B(String code) {
        return code != null && (BIBLIOGRAPHIC.contains(code) || code.matches("q[a-t][a-z]"));
    }

    /**
     * The ISO 639-2/B code of an ISO 639-2 code as ONIX sends it: "fin", "FIN", " swe " and the terminology code
     * "deu" (for "ger") are known; anything else ("foo", "fi", "") is empty.
     */
    public static Optional<String> iso639B(String code) {
        if (code == null) {
            return Optional.empty();
        }
        String c = code.trim().toLowerCase(Locale.ROOT);
        if (isIso639B(c)) {
            return Optional.of(c);
        }
        return Optional.ofNullable(TERMINOLOGY_TO_B.get(c));
    }

    /** "fi", "fi-FI", "fin", "deu" or "FIN" to the ISO 639-2/B code; anything unknown to "und" rather than a wrong language. */
    public static String toIso639B(String code) {
        if (code == null || code.isBlank()) {
            return UNDETERMINED;
        }
        String c = code.trim().toLowerCase(Locale.ROOT);
        int dash = c.indexOf('-');
        if (dash > 0) {
            c = c.substring(0, dash);
        }
        if (c.length() == 2) {
            return TWO_TO_THREE.getOrDefault(c, UNDETERMINED);
        }
        return iso639B(c).orElse(UNDETERMINED);
    }

    /** "fin" to "fi" for OPDS; a code without a two-letter form is given as is (BCP 47 accepts three letters). */
    public static String toBcp47(String iso639b) {
        return THREE_TO_TWO.getOrDefault(iso639b, iso639b);
    }
}
