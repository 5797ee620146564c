package fi.lainaamo.contracts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openapitools.openapidiff.core.OpenApiCompare;
import org.openapitools.openapidiff.core.model.ChangedOpenApi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The published contracts against their committed baselines (contracts/): each service's OpenAPI document as its
 * build wrote it, and the event contracts (AsyncAPI document, event JSON Schemas). A breaking change fails the build
 * unless it comes as a new version (/v2, .v2). -Dcontracts.update=true takes the current documents as the new
 * baselines on purpose and adds what changed to the partner changelog.
 */
class ContractsTest {

    private static final String HOW_TO_UPDATE = "\nA breaking change needs a new version (/v2 path, .v2 event type). "
            + "To take the current contracts as the baseline on purpose: ./mvnw -pl contract-check verify -Dcontracts.update=true "
            + "(README, \"API and event contracts\").";
    /** What changed per contract, in the order of the tests, for the changelog entry an update writes. */
    private static final Map<String, String> CHANGES = new LinkedHashMap<>();

    static Stream<String> services() {
        return Contracts.SERVICES.stream();
    }

    @ParameterizedTest
    @MethodSource("services")
    void anApiChangesOnlyCompatiblyOrUnderANewVersion(String service) throws IOException {
        Path current = Contracts.openApiCurrent(service);
        Path baseline = Contracts.openApiBaseline(service);
        ChangedOpenApi diff = OpenApiContracts.compare(Files.readString(baseline), Files.readString(current));
        List<String> breaking = OpenApiContracts.breaking(diff);
        String markdown = OpenApiContracts.markdown(diff);
        writePending(service + ".md", markdown);
        if (Contracts.updating()) {
            if (diff.isDifferent()) {
                Files.copy(current, baseline, StandardCopyOption.REPLACE_EXISTING);
                CHANGES.put(service + " API", (breaking.isEmpty() ? "" : "**Breaking:** " + String.join("; ", breaking) + "\n\n")
                        + markdown.replaceAll("(?m)^---\\s*$\\n?", "").replaceAll("(?m)^#+ ", "###### ")
                                .replaceAll("\\n{3,}", "\n\n"));
            }
            return;
        }
        assertEquals(List.of(), breaking, service + "'s API changed incompatibly against contracts/openapi/" + service
                + ".yaml:\n" + markdown + HOW_TO_UPDATE);
    }

    @Test
    void eventsChangeOnlyCompatiblyOrUnderANewVersion() throws IOException {
        EventContracts.Result result = EventContracts.compare(Contracts.eventsBaseline(), Contracts.eventsCurrent());
        writePending("events.md", String.join("\n", result.lines().stream().map(l -> "- " + l).toList()));
        if (Contracts.updating()) {
            if (!result.lines().isEmpty()) {
                copyTree(Contracts.eventsCurrent(), Contracts.eventsBaseline());
                List<String> entry = new ArrayList<>();
                result.breaking().forEach(b -> entry.add("- **Breaking:** " + b));
                result.changes().forEach(c -> entry.add("- " + c));
                CHANGES.put("Events", String.join("\n", entry));
            }
            return;
        }
        assertEquals(List.of(), result.breaking(), "the event contracts changed incompatibly against contracts/events" + HOW_TO_UPDATE);
    }

    @AfterAll
    static void writeChangelog() throws IOException {
        if (Contracts.updating() && !CHANGES.isEmpty()) {
            StringBuilder entry = new StringBuilder();
            CHANGES.forEach((what, change) -> entry.append("### ").append(what).append("\n\n").append(change.strip()).append("\n\n"));
            Contracts.addToChangelog(entry.toString());
        }
    }

    // --- the check catches what it is meant to catch

    @Test
    void aRemovedOrRetypedResponseFieldANewlyRequiredRequestFieldAndARemovedOperationAreBreaking() throws IOException {
        String text = Files.readString(Contracts.openApiBaseline("loan-service"));
        assertEquals(List.of(), OpenApiContracts.breaking(compare(text, api -> { })), "the baseline against itself");

        List<String> removedField = OpenApiContracts.breaking(compare(text,
                api -> schema(api, "LoanView").getProperties().remove("dueAt")));
        assertTrue(removedField.contains("GET /v1/loans/{id}: response field dueAt removed"), removedField.toString());

        List<String> retyped = OpenApiContracts.breaking(compare(text, api -> {
            Schema<?> renewals = new Schema<>();
            renewals.setType("string");
            renewals.setTypes(new java.util.LinkedHashSet<>(List.of("string")));
            schema(api, "LoanView").getProperties().put("renewals", renewals);
        }));
        assertTrue(retyped.contains("GET /v1/loans/{id}: changed incompatibly"), retyped.toString());

        List<String> newlyRequired = OpenApiContracts.breaking(compare(text, api -> {
            Schema<?> borrow = schema(api, "BorrowRequest");
            Schema<?> library = new Schema<>();
            library.setType("string");
            library.setTypes(new java.util.LinkedHashSet<>(List.of("string")));
            borrow.getProperties().put("libraryId", library);
            borrow.addRequiredItem("libraryId");
        }));
        assertTrue(newlyRequired.contains("POST /v1/loans: changed incompatibly"), newlyRequired.toString());
        assertFalse(newlyRequired.stream().anyMatch(b -> b.startsWith("GET ")), "only the operations that take it: " + newlyRequired);

        List<String> removedOperation = OpenApiContracts.breaking(compare(text, api -> api.getPaths().remove("/v1/loans/history")));
        assertTrue(removedOperation.contains("GET /v1/loans/history: removed"), removedOperation.toString());
    }

    @Test
    void anOperationMovedToANewVersionIsNotBreaking() throws IOException {
        String text = Files.readString(Contracts.openApiBaseline("loan-service"));
        List<String> moved = OpenApiContracts.breaking(compare(text,
                api -> api.getPaths().put("/v2/loans/history", api.getPaths().remove("/v1/loans/history"))));
        assertEquals(List.of(), moved);
    }

    @Test
    void aRemovedEventFieldOrTypeIsBreakingAndANewVersionIsNot(@org.junit.jupiter.api.io.TempDir Path temp) throws IOException {
        Path current = temp.resolve("current");
        copyTree(Contracts.eventsBaseline(), current);
        assertEquals(List.of(), EventContracts.compare(Contracts.eventsBaseline(), current).lines(), "the baseline against itself");

        // loan.started without its due date required: consumers that read dueAt would break
        Path started = current.resolve("schemas/fi.lainaamo.loan.started.v1.json");
        String original = Files.readString(started);
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var schema = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(original);
        var required = (com.fasterxml.jackson.databind.node.ArrayNode) schema.get("required");
        for (int i = required.size() - 1; i >= 0; i--) {
            if (required.get(i).asText().equals("dueAt")) {
                required.remove(i);
            }
        }
        Files.writeString(started, json.writeValueAsString(schema));
        EventContracts.Result removedField = EventContracts.compare(Contracts.eventsBaseline(), current);
        assertTrue(removedField.breaking().stream().anyMatch(b -> b.startsWith("event type fi.lainaamo.loan.started.v1")),
                removedField.lines().toString());
        Files.writeString(started, original);

        // hold.ready dropped altogether
        Path ready = current.resolve("schemas/fi.lainaamo.hold.ready.v1.json");
        String readySchema = Files.readString(ready);
        Files.delete(ready);
        EventContracts.Result removedType = EventContracts.compare(Contracts.eventsBaseline(), current);
        assertTrue(removedType.breaking().contains("event type fi.lainaamo.hold.ready.v1 removed"), removedType.lines().toString());

        // ... but replaced by a .v2: a new version, not a break
        Files.writeString(current.resolve("schemas/fi.lainaamo.hold.ready.v2.json"), readySchema.replace(".v1", ".v2"));
        EventContracts.Result newVersion = EventContracts.compare(Contracts.eventsBaseline(), current);
        assertEquals(List.of(), newVersion.breaking());
        assertTrue(newVersion.changes().contains("event type fi.lainaamo.hold.ready.v2 added"), newVersion.lines().toString());
    }

    private static ChangedOpenApi compare(String baseline, java.util.function.Consumer<OpenAPI> change) {
        OpenAPI before = new OpenAPIV3Parser().readContents(baseline).getOpenAPI();
        OpenAPI after = new OpenAPIV3Parser().readContents(baseline).getOpenAPI();
        change.accept(after);
        return OpenApiCompare.fromSpecifications(before, after);
    }

    @SuppressWarnings("unchecked")
    private static Schema<Object> schema(OpenAPI api, String name) {
        return (Schema<Object>) api.getComponents().getSchemas().get(name);
    }

    private static void writePending(String name, String markdown) throws IOException {
        Path dir = Contracts.repoRoot().resolve("contract-check/target/contract-changes");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name), markdown);
    }

    static void copyTree(Path from, Path to) throws IOException {
        if (Files.exists(to.resolve("schemas"))) {
            try (Stream<Path> old = Files.walk(to.resolve("schemas"))) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(to.resolve("schemas"));
        Files.copy(from.resolve("asyncapi.yaml"), to.resolve("asyncapi.yaml"), StandardCopyOption.REPLACE_EXISTING);
        try (Stream<Path> schemas = Files.list(from.resolve("schemas"))) {
            for (Path schema : schemas.filter(p -> p.toString().endsWith(".json")).toList()) {
                Files.copy(schema, to.resolve("schemas").resolve(schema.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
