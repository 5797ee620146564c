package fi.lainaamo.web.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import fi.lainaamo.web.session.Visit;
import io.quarkus.qute.TemplateData;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A publication as the pages show it, its words in the visitor's language. */
@TemplateData
public record TitleView(String id, String title, String subtitle, String contributors, String format, String language,
                        String availability, boolean availableNow, String coverUrl, String description, String series,
                        String publisher, String published) {

    private static final Map<String, String> TWO_LETTER = new ConcurrentHashMap<>();

    public static TitleView of(JsonNode p, Visit visit) {
        Map<String, String> m = visit.m();
        List<String> people = new ArrayList<>();
        for (JsonNode c : p.path("contributors")) {
            String role = c.path("role").asText("author");
            String roleText = m.getOrDefault("role_" + role, role);
            people.add(c.path("name").asText() + (role.equals("author") ? "" : " (" + roleText + ")"));
        }
        if (people.isEmpty()) {
            p.path("authors").forEach(a -> people.add(a.asText()));
        }
        JsonNode a = p.path("availability");
        int total = a.path("copiesTotal").asInt();
        int free = a.path("copiesAvailable").asInt();
        int waiting = a.path("holdsWaiting").asInt();
        String availability;
        if (total == 0) {
            availability = m.get("availability_none");
        } else if (free > 0) {
            availability = visit.text("availability_free", free, total);
        } else {
            availability = visit.text("availability_taken", total, waiting);
        }
        String series = p.path("series").isObject() ? p.path("series").path("name").asText("")
                + (p.path("series").path("position").isMissingNode() || p.path("series").path("position").isNull() ? ""
                : " " + p.path("series").path("position").asText()) : "";
        String published = p.path("published").isTextual()
                ? visit.date(java.time.LocalDate.parse(p.path("published").asText())) : "";
        return new TitleView(p.path("id").asText(), p.path("title").asText(), text(p, "subtitle"),
                String.join(", ", people), m.getOrDefault("format_" + p.path("format").asText(), p.path("format").asText()),
                languageName(p.path("language").asText(), visit.locale()), availability, free > 0,
                text(p, "coverUrl"), text(p, "description"), series, text(p, "publisher"), published);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : "";
    }

    /** fin, swe, eng (as the catalogue keeps them) named in the visitor's language: "suomi", "finska", "Finnish". */
    public static String languageName(String code, Locale in) {
        if (code == null || code.isBlank()) {
            return "";
        }
        String two = code.length() == 2 ? code : TWO_LETTER.computeIfAbsent(code, three -> {
            for (String iso : Locale.getISOLanguages()) {
                try {
                    if (Locale.forLanguageTag(iso).getISO3Language().equals(three)) {
                        return iso;
                    }
                } catch (RuntimeException ignored) {
                    // no three-letter code
                }
            }
            return three;
        });
        String name = Locale.forLanguageTag(two).getDisplayLanguage(in);
        return name.isBlank() || name.equals(two) ? code : name;
    }
}
