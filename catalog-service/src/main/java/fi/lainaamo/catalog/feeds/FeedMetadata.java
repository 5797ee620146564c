package fi.lainaamo.catalog.feeds;

import fi.lainaamo.catalog.publications.Accessibility;
import fi.lainaamo.catalog.publications.AccessibilityVocabulary;
import fi.lainaamo.catalog.publications.Contributor;
import fi.lainaamo.catalog.publications.Credits;
import fi.lainaamo.catalog.publications.Identifier;
import fi.lainaamo.catalog.publications.Isbn;
import fi.lainaamo.catalog.publications.LanguageCodes;
import fi.lainaamo.catalog.publications.PublicationDetails;
import fi.lainaamo.catalog.publications.Series;
import fi.lainaamo.catalog.publications.Subject;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a publication's OPDS 2 metadata object from a distributor's ODL feed into the catalogue's fields. Real feeds
 * deviate from the specification, so this accepts what they send: numbers as strings, {@code https://schema.org/}
 * types, a contributor as a string, an object or a list, and accessibility values outside the vocabulary (dropped
 * with a warning, the rest of the record kept). Plain Java, unit-tested without Quarkus.
 */
public final class FeedMetadata {

    private static final Logger LOG = Logger.getLogger(FeedMetadata.class);
    private static final List<String> ROLES = List.of("author", "translator", "narrator", "illustrator", "editor", "contributor");

    private FeedMetadata() {
    }

    /** The catalogue's description of the publication, as far as its metadata tells; see {@link #read(Map, String, List)}. */
    public static PublicationDetails read(Map<String, Object> m, String fallbackIdentifier) {
        return read(m, fallbackIdentifier, null);
    }

    /**
     * The catalogue's description of the publication; {@code formats} are the media types the distributor delivers it
     * in (licence formats, acquisition link types), null when not known. Throws IllegalArgumentException when there
     * is no title.
     */
    public static PublicationDetails read(Map<String, Object> m, String fallbackIdentifier, List<String> formats) {
        String title = text(m.get("title"));
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("feed publication " + fallbackIdentifier + " has no title");
        }
        String identifier = text(m.get("identifier"));
        if (identifier == null) {
            identifier = fallbackIdentifier;
        }
        String isbn = isbnOf(identifier);
        List<Identifier> identifiers = new ArrayList<>();
        if (isbn == null && identifier != null) {
            identifiers.add(new Identifier("urn", identifier));
        }
        List<String> languages = strings(m.get("language")).stream().map(LanguageCodes::toIso639B).distinct().toList();
        String language = languages.isEmpty() ? "und" : languages.get(0);

        List<Contributor> contributors = new ArrayList<>();
        for (String role : ROLES) {
            for (Object c : list(m.get(role))) {
                String name = c instanceof Map<?, ?> map ? text(map.get("name")) : text(c);
                String sortName = c instanceof Map<?, ?> map ? text(map.get("sortAs")) : null;
                if (name != null && !name.isBlank()) {
                    // RWPM's generic "contributor" names no role
                    contributors.add(new Contributor(name.trim(), sortName, "contributor".equals(role) ? "other" : role));
                }
            }
        }
        // one entry per person with every role (an author who narrates is one contributor), no "Various" placeholders
        contributors = new ArrayList<>(Credits.of(contributors));
        List<Subject> subjects = new ArrayList<>();
        String audience = null;
        for (Object s : list(m.get("subject"))) {
            if (s instanceof Map<?, ?> map) {
                String scheme = text(map.get("scheme"));
                String code = text(map.get("code"));
                String name = text(map.get("name"));
                // feeds write http://schema.org/Audience as well as .../audience: schema.org's own names are not
                // case-insensitive, but a feed that capitalises the term means the same thing
                if (scheme != null && scheme.toLowerCase(Locale.ROOT).contains("schema.org/audience")) {
                    audience = audience(name != null ? name : code);
                } else if (code != null || name != null) {
                    subjects.add(new Subject(scheme(scheme), code, name));
                }
            } else if (text(s) != null) {
                subjects.add(new Subject("keyword", null, text(s)));
            }
        }
        Series series = null;
        if (m.get("belongsTo") instanceof Map<?, ?> belongsTo) {
            Object first = list(belongsTo.get("series")).stream().findFirst().orElse(null);
            if (first instanceof Map<?, ?> s && text(s.get("name")) != null) {
                series = new Series(text(s.get("name")), decimal(s.get("position")));
            } else if (text(first) != null) {
                series = new Series(text(first), null);
            }
        }
        String format = isAudiobook(m, formats) ? "AUDIOBOOK" : "EBOOK";
        Integer duration = integer(m.get("duration"));
        Integer pages = integer(m.get("numberOfPages"));
        return new PublicationDetails(title.trim(), text(m.get("subtitle")), text(m.get("sortAs")), format, language,
                languages.size() > 1 ? languages.subList(1, languages.size()) : null, isbn, identifiers, null, contributors,
                subjects, audience, series, name(m.get("publisher")), name(m.get("imprint")), plain(text(m.get("description"))),
                date(text(m.get("published"))), null, null, "AUDIOBOOK".equals(format) ? duration : null,
                "EBOOK".equals(format) ? pages : null, accessibility(m.get("accessibility"), identifier));
    }

    /** "urn:isbn:978...", "urn:ISBN:978-..." or bare digits give the ISBN-13; anything else null. */
    static String isbnOf(String identifier) {
        if (identifier == null) {
            return null;
        }
        String s = identifier.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("urn:isbn:")) {
            s = s.substring(9);
        }
        s = s.replace("-", "").replace(" ", "");
        return Isbn.isValid13(s) ? s : null;
    }

    /**
     * What the distributor delivers decides: a publication whose licences and links are all audio is an audiobook
     * (and all text an e-book) whatever its metadata calls it, because a real feed sends an audiobook with
     * {@code "type": "https://schema.org/EBook"} and an {@code application/audiobook+lcp} licence. Without formats,
     * or with both kinds, the metadata tells: {@code @type} or {@code type} http(s)://schema.org/Audiobook, the
     * Readium audiobook profile in {@code conformsTo}, or an audio {@code schema:encodingFormat}.
     */
    static boolean isAudiobook(Map<String, Object> m, List<String> formats) {
        if (formats != null) {
            boolean audio = formats.stream().anyMatch(FeedMetadata::isAudioFormat);
            boolean text = formats.stream().anyMatch(FeedMetadata::isTextFormat);
            if (audio != text) {
                return audio;
            }
        }
        List<String> types = new ArrayList<>(strings(m.get("@type")));
        types.addAll(strings(m.get("type")));
        if (types.stream().anyMatch(t -> t.toLowerCase(Locale.ROOT).endsWith("schema.org/audiobook"))) {
            return true;
        }
        if (strings(m.get("conformsTo")).stream().anyMatch(p -> p.toLowerCase(Locale.ROOT).endsWith("/profiles/audiobook"))) {
            return true;
        }
        return strings(m.get("schema:encodingFormat")).stream().anyMatch(FeedMetadata::isAudioFormat);
    }

    /** audio/mpeg, application/audiobook+json, application/audiobook+lcp, application/audiobook+zip. */
    private static boolean isAudioFormat(String mediaType) {
        String t = mediaType == null ? "" : mediaType.toLowerCase(Locale.ROOT).split(";")[0].trim();
        return t.startsWith("audio/") || t.startsWith("application/audiobook+");
    }

    /** EPUB and PDF, open or protected (Adobe's ACSM is only ever text). */
    private static boolean isTextFormat(String mediaType) {
        String t = mediaType == null ? "" : mediaType.toLowerCase(Locale.ROOT).split(";")[0].trim();
        return t.equals("application/epub+zip") || t.startsWith("application/pdf") || t.equals("application/vnd.adobe.adept+xml")
                || t.equals("application/webpub+json");
    }

    private static String scheme(String uri) {
        if (uri == null) {
            return "other";
        }
        String s = uri.toLowerCase(Locale.ROOT);
        if (s.contains("bisac")) {
            return "bisac";
        }
        if (s.contains("thema")) {
            return "thema";
        }
        if (s.contains("yso")) {
            return "yso";
        }
        return "other";
    }

    private static String audience(String value) {
        String v = value == null ? "" : value.toLowerCase(Locale.ROOT);
        if (v.contains("child") || v.contains("juvenile") || v.contains("lapset")) {
            return "CHILDREN";
        }
        if (v.contains("young") || v.contains("teen") || v.contains("nuoret")) {
            return "TEEN";
        }
        return v.isEmpty() ? null : "ADULT";
    }

    private static Accessibility accessibility(Object value, String identifier) {
        if (!(value instanceof Map<?, ?> a)) {
            return null;
        }
        List<String> sufficient = new ArrayList<>();
        for (Object o : list(a.get("accessModeSufficient"))) {
            // a sufficient set may itself be a list ("textual" and "visual" together): keep its members
            sufficient.addAll(o instanceof Collection<?> c ? c.stream().map(FeedMetadata::text).toList() : List.of(String.valueOf(o)));
        }
        return new Accessibility(text(a.get("summary")),
                known(strings(a.get("accessMode")), AccessibilityVocabulary.ACCESS_MODES, "accessMode", identifier),
                known(sufficient.stream().distinct().toList(), AccessibilityVocabulary.ACCESS_MODES_SUFFICIENT, "accessModeSufficient", identifier),
                known(strings(a.get("feature")), AccessibilityVocabulary.FEATURES, "feature", identifier),
                known(strings(a.get("hazard")), AccessibilityVocabulary.HAZARDS, "hazard", identifier),
                strings(a.get("conformsTo")));
    }

    private static List<String> known(List<String> values, Set<String> vocabulary, String field, String identifier) {
        List<String> kept = new ArrayList<>();
        for (String v : values) {
            if (v != null && vocabulary.contains(v)) {
                kept.add(v);
            } else {
                LOG.warnf("Feed publication %s: accessibility %s value '%s' is not in the vocabulary; dropped", identifier, field, v);
            }
        }
        return kept;
    }

    private static String name(Object value) {
        Object first = list(value).stream().findFirst().orElse(null);
        return first instanceof Map<?, ?> map ? text(map.get("name")) : text(first);
    }

    /** A string, a number as text, or the first value of a language map ({"fi": "...", "sv": "..."}). */
    static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Map<?, ?> map) {
            return map.values().stream().filter(v -> v instanceof String).map(v -> (String) v).findFirst().orElse(null);
        }
        if (value instanceof Collection<?>) {
            return null;
        }
        String s = value.toString();
        return s.isBlank() ? null : s;
    }

    private static List<?> list(Object value) {
        if (value == null) {
            return List.of();
        }
        return value instanceof Collection<?> c ? List.copyOf(c.stream().filter(x -> x != null).toList()) : List.of(value);
    }

    private static List<String> strings(Object value) {
        return list(value).stream().map(FeedMetadata::text).filter(s -> s != null).toList();
    }

    /** 12, 12.0 or "12" (feeds send numbers as strings); anything unreadable is left out. */
    static Integer integer(Object value) {
        BigDecimal d = decimal(value);
        return d == null || d.signum() < 0 ? null : d.intValue();
    }

    private static BigDecimal decimal(Object value) {
        String s = text(value);
        if (s == null) {
            return null;
        }
        try {
            return new BigDecimal(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** "2025", "2025-09-08" or "2024-10-29T00:00:00+01:00". */
    static LocalDate date(String value) {
        if (value == null) {
            return null;
        }
        String s = value.trim();
        try {
            if (s.matches("\\d{4}")) {
                return LocalDate.of(Integer.parseInt(s), 1, 1);
            }
            if (s.length() == 10) {
                return LocalDate.parse(s);
            }
            return OffsetDateTime.parse(s).toLocalDate();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Feeds send HTML descriptions; the catalogue keeps plain text (search and apps render it safely). */
    public static String plain(String html) {
        if (html == null) {
            return null;
        }
        String text = html.replaceAll("(?i)<br\\s*/?>|</p>", "\n").replaceAll("<[^>]+>", "")
                .replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replaceAll("[ \\t]+", " ").replaceAll("\\n{3,}", "\n\n").trim();
        return text.length() > 20_000 ? text.substring(0, 20_000) : text;
    }
}
