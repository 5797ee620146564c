package fi.lainaamo.contracts;

import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.openapitools.openapidiff.core.OpenApiCompare;
import org.openapitools.openapidiff.core.model.Changed;
import org.openapitools.openapidiff.core.model.ChangedOpenApi;
import org.openapitools.openapidiff.core.model.ChangedSchema;
import org.openapitools.openapidiff.core.model.ComposedChanged;
import org.openapitools.openapidiff.core.model.ChangedOperation;
import org.openapitools.openapidiff.core.model.Endpoint;
import org.openapitools.openapidiff.core.output.MarkdownRender;

/**
 * A service's OpenAPI document against its baseline, with openapi-diff: what it calls incompatible in an operation
 * that still exists is breaking (a newly required request field or parameter, a removed request enum value, a changed
 * type, a removed required response field ...), and so is any response field its diff reports missing; a removed operation is breaking unless the same operation exists under a higher
 * version of its path ({@code /v1/loans} replaced by {@code /v2/loans}).
 */
final class OpenApiContracts {

    private static final Pattern VERSION = Pattern.compile("/v(\\d+)(?=/|$)");

    private OpenApiContracts() {
    }

    static ChangedOpenApi compare(String baseline, String current) {
        return OpenApiCompare.fromContents(baseline, current);
    }

    /** One line per breaking change; empty when partners built on the baseline keep working. */
    static List<String> breaking(ChangedOpenApi diff) {
        List<String> breaking = new ArrayList<>();
        for (ChangedOperation operation : diff.getChangedOperations()) {
            if (operation.isIncompatible()) {
                breaking.add(operation.getHttpMethod() + " " + operation.getPathUrl() + ": changed incompatibly");
            }
            // openapi-diff lets an optional response field go (the services mark none required): partners read them,
            // so a response field that its diff reports missing is breaking here too
            List<String> missing = new ArrayList<>();
            responseFieldsRemoved(operation, "", missing, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
            for (String field : missing) {
                breaking.add(operation.getHttpMethod() + " " + operation.getPathUrl() + ": response field " + field + " removed");
            }
        }
        for (Endpoint missing : diff.getMissingEndpoints()) {
            if (!replacedByNewerVersion(missing, diff)) {
                breaking.add(missing.getMethod() + " " + missing.getPathUrl() + ": removed");
            }
        }
        return breaking;
    }

    private static void responseFieldsRemoved(Changed changed, String path, List<String> found, java.util.Set<Changed> seen) {
        if (changed == null || !seen.add(changed)) {
            return;
        }
        if (changed instanceof ChangedSchema schema && schema.getContext() != null && schema.getContext().isResponse()
                && schema.getMissingProperties() != null) {
            schema.getMissingProperties().keySet().forEach(name -> found.add(path.isEmpty() ? name : path + "." + name));
        }
        if (changed instanceof ChangedSchema schema && schema.getChangedProperties() != null) {
            schema.getChangedProperties().forEach((name, property) ->
                    responseFieldsRemoved(property, path.isEmpty() ? name : path + "." + name, found, seen));
        }
        if (changed instanceof ComposedChanged composed) {
            for (Changed element : composed.getChangedElements()) {
                if (!(changed instanceof ChangedSchema schema && schema.getChangedProperties() != null
                        && schema.getChangedProperties().containsValue(element))) {
                    responseFieldsRemoved(element, path, found, seen);
                }
            }
        }
    }

    /** Whether the current document has the same method on the same path with a higher /vN. */
    static boolean replacedByNewerVersion(Endpoint missing, ChangedOpenApi diff) {
        Matcher m = VERSION.matcher(missing.getPathUrl());
        if (!m.find()) {
            return false;
        }
        int version = Integer.parseInt(m.group(1));
        String before = missing.getPathUrl().substring(0, m.start());
        String after = missing.getPathUrl().substring(m.end());
        return diff.getNewSpecOpenApi().getPaths().entrySet().stream().anyMatch(path -> {
            Matcher n = VERSION.matcher(path.getKey());
            return n.find() && Integer.parseInt(n.group(1)) > version
                    && path.getKey().substring(0, n.start()).equals(before) && path.getKey().substring(n.end()).equals(after)
                    && path.getValue().readOperationsMap().containsKey(missing.getMethod());
        });
    }

    /** The change as openapi-diff's markdown (for the partner changelog); empty when nothing changed. */
    static String markdown(ChangedOpenApi diff) {
        if (!diff.isDifferent()) {
            return "";
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStreamWriter writer = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            new MarkdownRender().render(diff, writer);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString(StandardCharsets.UTF_8).strip();
    }
}
