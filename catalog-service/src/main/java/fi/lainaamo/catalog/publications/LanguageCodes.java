package fi.lainaamo.catalog.publications;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The catalogue stores ISO 639-2/B codes (as ONIX sends them); OPDS and ODL feeds speak BCP 47 ("fi", "sv-FI").
 * A code outside this table becomes "und" (undetermined) rather than a wrong language.
 */
public final class LanguageCodes {

    private static final Map<String, String> TWO_TO_THREE = Map.ofEntries(
            Map.entry("fi", "fin"), Map.entry("sv", "swe"), Map.entry("en", "eng"), Map.entry("de", "ger"),
            Map.entry("fr", "fre"), Map.entry("ru", "rus"), Map.entry("et", "est"), Map.entry("es", "spa"),
            Map.entry("it", "ita"), Map.entry("se", "sme"), Map.entry("no", "nor"), Map.entry("nb", "nob"),
            Map.entry("da", "dan"), Map.entry("is", "ice"), Map.entry("ar", "ara"), Map.entry("so", "som"),
            Map.entry("fa", "per"), Map.entry("uk", "ukr"), Map.entry("pl", "pol"), Map.entry("ja", "jpn"),
            Map.entry("zh", "chi"), Map.entry("tr", "tur"), Map.entry("ku", "kur"), Map.entry("nl", "dut"));
    private static final Map<String, String> THREE_TO_TWO = TWO_TO_THREE.entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getValue, Map.Entry::getKey, (a, b) -> a));

    private LanguageCodes() {
    }

    /** "fi", "fi-FI", "fin" or "FIN" to "fin"; anything unknown to "und". */
    public static String toIso639B(String code) {
        if (code == null || code.isBlank()) {
            return "und";
        }
        String c = code.trim().toLowerCase(Locale.ROOT);
        int dash = c.indexOf('-');
        if (dash > 0) {
            c = c.substring(0, dash);
        }
        if (c.matches("[a-z]{3}")) {
            return c;
        }
        return TWO_TO_THREE.getOrDefault(c, "und");
    }

    /** "fin" to "fi" for OPDS; a code without a two-letter form is given as is (BCP 47 accepts three letters). */
    public static String toBcp47(String iso639b) {
        return THREE_TO_TWO.getOrDefault(iso639b, iso639b);
    }
}
