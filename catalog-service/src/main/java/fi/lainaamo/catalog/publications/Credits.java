package fi.lainaamo.catalog.publications;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The credits of a publication as the catalogue keeps them from imported records (ONIX, ODL feeds): one entry per
 * person with all the roles the record gives them, in the order the record first names them, and no placeholders.
 * Publishers put "several authors" and "unknown" where a name would go; those are not people, and a search, a title
 * page or an author list that shows them misleads. An anonymous work is catalogued under its title without an author
 * (as library cataloguing does), so "Anonymous" is a placeholder too; a pseudonym is a name and stays. A machine
 * contributor (synthesised voice, generative AI) is kept whatever it is called: it is flagged, not a placeholder.
 * Plain Java, unit-tested without Quarkus.
 */
public final class Credits {

    /**
     * Names that stand for no one, in Finnish, Swedish and English, compared by their words in any order and case
     * ("Tekijöitä, Useita" is "Useita tekijöitä").
     */
    static final Set<String> PLACEHOLDERS = Set.of(
            // Finnish: several, several authors/writers, various authors, unknown, author unknown, anonymous
            "useita", "useita tekijöitä", "useita kirjoittajia", "eri tekijöitä", "tuntematon", "tekijä tuntematon", "anonyymi",
            // Swedish: several, several authors, various authors, unknown, anonymous
            "flera", "flera författare", "olika författare", "okänd", "anonym",
            // English
            "various", "various authors", "several", "several authors", "unknown", "anonymous", "et al")
            .stream().map(Credits::words).collect(Collectors.toUnmodifiableSet());

    private Credits() {
    }

    /** True when the name stands for no one ("Useita", "Tekijöitä, Useita", "Various authors", "Okänd"). */
    public static boolean isPlaceholder(String name) {
        return name == null || name.isBlank() || PLACEHOLDERS.contains(words(name));
    }

    /**
     * The record's contributors without placeholders, each person once with their roles in the order given; a person
     * named with a known role and again without one keeps the known role only.
     */
    public static List<Contributor> of(List<Contributor> listed) {
        Map<String, Contributor> byPerson = new LinkedHashMap<>();
        for (Contributor c : listed) {
            if (!c.ai() && isPlaceholder(c.name())) {
                continue;
            }
            String key = person(c.name());
            Contributor known = byPerson.get(key);
            if (known == null) {
                byPerson.put(key, c);
                continue;
            }
            List<String> roles = new ArrayList<>(known.roles());
            c.roles().stream().filter(r -> !roles.contains(r)).forEach(roles::add);
            if (roles.size() > 1) {
                roles.remove("unknown");
            }
            byPerson.put(key, new Contributor(known.name(), known.sortName() != null ? known.sortName() : c.sortName(), null,
                    roles, known.ai() || c.ai()));
        }
        return List.copyOf(byPerson.values());
    }

    /** The same person however the record spaces or capitalises the name. */
    private static String person(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFC).trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    /** The name's words, lower case, sorted: punctuation and order do not matter. */
    private static String words(String name) {
        return Arrays.stream(Normalizer.normalize(name, Normalizer.Form.NFC).toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
                .filter(w -> !w.isEmpty()).sorted().collect(Collectors.joining(" "));
    }
}
