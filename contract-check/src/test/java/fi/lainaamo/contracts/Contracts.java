package fi.lainaamo.contracts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/** Where the baselines and the current documents are, and the partner changelog (contracts/CHANGELOG.md, README). */
final class Contracts {

    static final List<String> SERVICES = List.of("patron-service", "catalog-service", "license-service", "loan-service", "report-service");
    static final String ENTRIES = "<!-- entries: newest first; written by contract-check with -Dcontracts.update=true -->";
    static final String README_START = "<!-- partner-changelog:start -->";
    static final String README_END = "<!-- partner-changelog:end -->";

    private Contracts() {
    }

    static Path repoRoot() {
        return Path.of(System.getProperty("lainaamo.repo-root", "..")).toAbsolutePath().normalize();
    }

    static boolean updating() {
        return Boolean.parseBoolean(System.getProperty("contracts.update", "false"));
    }

    static Path openApiBaseline(String service) {
        return repoRoot().resolve("contracts/openapi/" + service + ".yaml");
    }

    /** The document the service's build wrote (quarkus.smallrye-openapi.store-schema-directory=target/openapi). */
    static Path openApiCurrent(String service) {
        Path current = repoRoot().resolve(service + "/target/openapi/openapi.yaml");
        if (!Files.exists(current)) {
            throw new AssertionError(current + " is missing: the service's build writes it, and ./mvnw verify builds the "
                    + "services before this module; by hand: ./mvnw -pl " + service + " -am package -DskipTests");
        }
        return current;
    }

    static Path eventsBaseline() {
        return repoRoot().resolve("contracts/events");
    }

    static Path eventsCurrent() {
        return repoRoot().resolve("event-contracts/src/main/resources");
    }

    /**
     * Adds a dated entry to contracts/CHANGELOG.md (below the entries marker) and shows the newest entries in the
     * README's partner changelog section.
     */
    static void addToChangelog(String entryBody) throws IOException {
        Path changelog = repoRoot().resolve("contracts/CHANGELOG.md");
        String text = Files.readString(changelog);
        int at = text.indexOf(ENTRIES);
        if (at < 0) {
            throw new AssertionError(changelog + " lost its line " + ENTRIES);
        }
        String entry = "\n\n## " + LocalDate.now(ZoneOffset.UTC) + "\n\n" + entryBody.strip();
        text = text.substring(0, at + ENTRIES.length()) + entry + text.substring(at + ENTRIES.length());
        Files.writeString(changelog, text);

        Path readme = repoRoot().resolve("README.md");
        String r = Files.readString(readme);
        int start = r.indexOf(README_START);
        int end = r.indexOf(README_END);
        if (start < 0 || end < start) {
            throw new AssertionError("README.md lost its markers " + README_START + " ... " + README_END);
        }
        String entries = text.substring(text.indexOf(ENTRIES) + ENTRIES.length()).strip();
        // the newest three entries, with their headings one level down
        String[] parts = ("\n" + entries).split("\n## ");
        StringBuilder newest = new StringBuilder();
        for (int i = 1; i < parts.length && i <= 3; i++) {
            newest.append("\n#### ").append(parts[i].strip().replace("\n### ", "\n##### ")).append('\n');
        }
        r = r.substring(0, start + README_START.length()) + "\n" + newest + "\n(All of them: contracts/CHANGELOG.md.)\n"
                + r.substring(end);
        Files.writeString(readme, r);
    }
}
