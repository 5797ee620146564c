package fi.lainaamo.contracts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The event contracts (AsyncAPI document and the events' JSON Schemas) against their baseline, with
 * {@code @asyncapi/diff} and {@code json-schema-diff} from the npm registry (contract-check/event-diff, pinned by its
 * package-lock.json), run the way api-lint runs Spectral.
 */
final class EventContracts {

    /** What the comparison found: every line, and whether any is breaking. */
    record Result(List<String> lines) {
        List<String> breaking() {
            return lines.stream().filter(l -> l.startsWith("BREAKING ")).map(l -> l.substring(9)).toList();
        }

        List<String> changes() {
            return lines.stream().filter(l -> l.startsWith("CHANGE ")).map(l -> l.substring(7)).toList();
        }
    }

    private EventContracts() {
    }

    static Result compare(Path baselineDir, Path currentDir) {
        Path script = Contracts.repoRoot().resolve("contract-check/event-diff/diff-events");
        try {
            Path output = Files.createTempFile("event-diff", ".out");
            try {
                Process process = new ProcessBuilder("bash", script.toString(), baselineDir.toString(), currentDir.toString())
                        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
                if (!process.waitFor(300, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(script + " did not finish within 300 s");
                }
                String out = Files.readString(output, StandardCharsets.UTF_8);
                if (process.exitValue() > 1) {
                    throw new AssertionError(script + " failed (exit " + process.exitValue() + "): " + out);
                }
                List<String> lines = out.lines().filter(l -> l.startsWith("BREAKING ") || l.startsWith("CHANGE ")).toList();
                if ((process.exitValue() == 1) != lines.stream().anyMatch(l -> l.startsWith("BREAKING "))) {
                    throw new AssertionError(script + " exited " + process.exitValue() + " with: " + out);
                }
                return new Result(lines);
            } finally {
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
