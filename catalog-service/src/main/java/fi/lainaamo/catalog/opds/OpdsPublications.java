package fi.lainaamo.catalog.opds;

import fi.lainaamo.catalog.availability.AvailabilityView;
import fi.lainaamo.catalog.publications.Accessibility;
import fi.lainaamo.catalog.publications.AccessibilityVocabulary;
import fi.lainaamo.catalog.publications.Contributor;
import fi.lainaamo.catalog.publications.Format;
import fi.lainaamo.catalog.publications.LanguageCodes;
import fi.lainaamo.catalog.publications.PublicationView;
import fi.lainaamo.catalog.publications.Subject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A catalogue publication as an OPDS 2.0 publication object (Readium Web Publication metadata with lending
 * properties on the borrow link). Built as maps so the JSON has exactly the specification's names ("@type",
 * "belongsTo"); the shape is checked against the official schemas in the tests.
 */
public final class OpdsPublications {

    public static final String FEED_TYPE = "application/opds+json";
    public static final String PUBLICATION_TYPE = "application/opds-publication+json";
    static final String BORROW = "http://opds-spec.org/acquisition/borrow";
    /** OPDS wants a URI for a subject scheme; keywords and "other" have none and go without. */
    static final Map<String, String> SCHEMES = Map.of("thema", "https://ns.editeur.org/thema/",
            "bisac", "http://www.bisg.org/standards/bisac_subject/", "yso", "http://www.yso.fi/onto/yso/",
            "kaunokki", "http://www.yso.fi/onto/kauno/", "bella", "urn:lainaamo:subject-scheme:bella",
            "finnish-book-trade", "urn:lainaamo:subject-scheme:finnish-book-trade");

    private OpdsPublications() {
    }

    /**
     * @param loanServiceUrl loan-service's public base URL; the borrow link is {@code <base>/v1/loans?publicationId=<id>}:
     *                       a reader app POSTs there with the patron's token (loan-service's borrow, idempotent by key)
     */
    public static Map<String, Object> of(PublicationView p, String loanServiceUrl) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("@type", p.format() == Format.AUDIOBOOK ? "http://schema.org/Audiobook" : "http://schema.org/EBook");
        metadata.put("title", p.title());
        putIfPresent(metadata, "subtitle", p.subtitle());
        putIfPresent(metadata, "sortAs", p.sortTitle());
        metadata.put("identifier", p.isbn() != null ? "urn:isbn:" + p.isbn() : "urn:uuid:" + p.id());
        List<String> languages = new ArrayList<>();
        languages.add(LanguageCodes.toBcp47(p.language()));
        p.languages().forEach(l -> languages.add(LanguageCodes.toBcp47(l)));
        metadata.put("language", languages.size() == 1 ? languages.get(0) : languages);
        // a contributor with two roles is listed under both; a role the catalogue cannot name (other, unknown) is
        // listed under RWPM's generic "contributor"; a machine (synthesised voice, AI) carries "ai": true
        for (String role : List.of("author", "translator", "narrator", "illustrator", "editor", "contributor")) {
            List<Map<String, Object>> people = new ArrayList<>();
            for (Contributor c : p.contributors()) {
                if ("contributor".equals(role) ? c.has("other") || c.has("unknown") : c.has(role)) {
                    Map<String, Object> person = new LinkedHashMap<>();
                    person.put("name", c.name());
                    putIfPresent(person, "sortAs", c.sortName());
                    if (c.ai()) {
                        person.put("ai", true);
                    }
                    people.add(person);
                }
            }
            if (!people.isEmpty()) {
                metadata.put(role, people);
            }
        }
        putIfPresent(metadata, "publisher", p.publisher());
        putIfPresent(metadata, "imprint", p.imprint());
        if (p.published() != null) {
            metadata.put("published", p.published().toString());
        }
        if (p.updatedAt() != null) {
            metadata.put("modified", p.updatedAt().toString());
        }
        putIfPresent(metadata, "description", p.description());
        if (!p.subjects().isEmpty()) {
            List<Map<String, Object>> subjects = new ArrayList<>();
            for (Subject s : p.subjects()) {
                Map<String, Object> subject = new LinkedHashMap<>();
                subject.put("name", s.term());
                putIfPresent(subject, "code", s.code());
                String scheme = SCHEMES.get(s.scheme());
                if (scheme != null) {
                    subject.put("scheme", scheme);
                }
                subjects.add(subject);
            }
            metadata.put("subject", subjects);
        }
        if (p.series() != null) {
            Map<String, Object> series = new LinkedHashMap<>();
            series.put("name", p.series().name());
            if (p.series().position() != null) {
                series.put("position", p.series().position());
            }
            metadata.put("belongsTo", Map.of("series", List.of(series)));
        }
        if (p.durationSeconds() != null && p.durationSeconds() > 0) {
            metadata.put("duration", p.durationSeconds());
        }
        if (p.pages() != null && p.pages() > 0) {
            metadata.put("numberOfPages", p.pages());
        }
        if (p.accessibility() != null) {
            metadata.put("accessibility", accessibility(p.accessibility()));
        }

        Map<String, Object> publication = new LinkedHashMap<>();
        publication.put("metadata", metadata);
        List<Map<String, Object>> links = new ArrayList<>();
        links.add(link("self", "/opds/publications/" + p.id(), PUBLICATION_TYPE));
        Map<String, Object> borrow = link(BORROW, loanServiceUrl + "/v1/loans?publicationId=" + p.id(),
                "application/vnd.readium.license.status.v1.0+json");
        borrow.put("properties", lending(p.availability(), p.format()));
        links.add(borrow);
        publication.put("links", links);
        if (p.coverUrl() != null) {
            publication.put("images", List.of(link(null, p.coverUrl(), imageType(p.coverUrl()))));
        }
        return publication;
    }

    /** Availability, copies and holds on the borrow link, as OPDS lending clients read them. */
    static Map<String, Object> lending(AvailabilityView a, Format format) {
        Map<String, Object> properties = new LinkedHashMap<>();
        Map<String, Object> availability = new LinkedHashMap<>();
        availability.put("state", a.availableNow() ? "available" : "unavailable");
        if (a.updatedAt() != null) {
            availability.put("since", a.updatedAt().toString());
        }
        properties.put("availability", availability);
        properties.put("copies", Map.of("total", a.copiesTotal(), "available", a.copiesAvailable()));
        properties.put("holds", Map.of("total", a.holdsWaiting()));
        properties.put("indirectAcquisition", List.of(Map.of("type",
                format == Format.AUDIOBOOK ? "application/audiobook+json" : "application/epub+zip")));
        return properties;
    }

    private static Map<String, Object> accessibility(Accessibility a) {
        Map<String, Object> out = new LinkedHashMap<>();
        putIfPresent(out, "summary", a.summary());
        // only the vocabulary the schema knows, also for publications stored before the API refused other values
        putList(out, "accessMode", known(a.accessModes(), AccessibilityVocabulary.ACCESS_MODES));
        putList(out, "accessModeSufficient", known(a.accessModesSufficient(), AccessibilityVocabulary.ACCESS_MODES_SUFFICIENT));
        putList(out, "feature", known(a.features(), AccessibilityVocabulary.FEATURES));
        putList(out, "hazard", known(a.hazards(), AccessibilityVocabulary.HAZARDS));
        // the schema wants URIs here; free-text conformance statements stay in the JSON API
        if (a.conformsTo() != null) {
            putList(out, "conformsTo", a.conformsTo().stream().filter(c -> c.matches("https?://\\S+")).toList());
        }
        return out;
    }

    private static List<String> known(List<String> values, java.util.Set<String> vocabulary) {
        return values == null ? null : values.stream().filter(vocabulary::contains).toList();
    }

    static Map<String, Object> link(String rel, String href, String type) {
        Map<String, Object> link = new LinkedHashMap<>();
        if (rel != null) {
            link.put("rel", rel);
        }
        link.put("href", href);
        if (type != null) {
            link.put("type", type);
        }
        return link;
    }

    private static String imageType(String url) {
        String u = url.toLowerCase(Locale.ROOT);
        return u.endsWith(".png") ? "image/png" : u.endsWith(".webp") ? "image/webp" : u.endsWith(".gif") ? "image/gif" : "image/jpeg";
    }

    private static void putIfPresent(Map<String, Object> map, String key, String value) {
        if (value != null && !value.isBlank()) {
            map.put(key, value);
        }
    }

    private static void putList(Map<String, Object> map, String key, List<String> values) {
        if (values != null && !values.isEmpty()) {
            map.put(key, values);
        }
    }
}
