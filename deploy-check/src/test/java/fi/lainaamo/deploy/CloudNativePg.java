package fi.lainaamo.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * CloudNativePG's documents against its published schema: the npm package {@code @kubernetes-models/cloudnative-pg}
 * (generated from CloudNativePG's Go API types), pinned by deploy/tools/package-lock.json and run by
 * deploy/tools/validate-cnpg. It checks types, enums and required fields; it does not refuse unknown fields (its
 * schemas allow them), which the Java models of Kubernetes and Strimzi do here.
 */
final class CloudNativePg {

    private CloudNativePg() {
    }

    /** One line per problem; empty when every document fits. */
    static List<String> violations(List<JsonNode> docs) {
        if (docs.isEmpty()) {
            return List.of();
        }
        Path script = Manifests.repoRoot().resolve("deploy/tools/validate-cnpg");
        try {
            Path input = Files.createTempFile("cnpg", ".json");
            Path output = Files.createTempFile("cnpg", ".out");
            try {
                Manifests.JSON_TREES.writeValue(input.toFile(), docs);
                Process process = new ProcessBuilder("bash", script.toString(), input.toString())
                        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
                if (!process.waitFor(300, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(script + " did not finish within 300 s");
                }
                String out = Files.readString(output, StandardCharsets.UTF_8).strip();
                return switch (process.exitValue()) {
                    case 0 -> List.of();
                    case 1 -> out.lines().filter(l -> l.startsWith("INVALID ")).map(l -> l.substring(8)).toList();
                    default -> throw new AssertionError(script + " failed (exit " + process.exitValue() + "): " + out);
                };
            } finally {
                Files.deleteIfExists(input);
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
