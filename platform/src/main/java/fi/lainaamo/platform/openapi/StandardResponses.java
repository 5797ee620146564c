package fi.lainaamo.platform.openapi;

import fi.lainaamo.platform.problem.Problem;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import java.util.List;
import java.util.Map;

/**
 * Documents, on every operation of every service, the problem+json answers that the shared layers give whatever the
 * operation does: 400 for unreadable or invalid input, 401/403 from token checks, 404 for an unknown id in the path,
 * 413 for an oversized body, 500 and 503 from {@code ProblemMappers}. An operation's own description of the same
 * status wins; only a missing response, or one without content, is filled in. Clients and the API lint
 * (api-lint/.spectral.yaml) see the same contract the services keep.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class StandardResponses implements OASFilter {

    static final String PROBLEM_REF = "#/components/schemas/Problem";

    /**
     * Strings of these formats are parsed, so no accepted value is longer than this: a UUID is 36 characters, an ISO
     * date at most 16 (a six-digit year with sign), an ISO date-time at most 48 (nanoseconds and an offset).
     */
    private static final Map<String, Integer> FORMAT_MAX_LENGTH = Map.of("uuid", 36, "date", 16, "date-time", 48);

    @Override
    public Schema filterSchema(Schema schema) {
        if (schema.getMaxLength() == null && schema.getFormat() != null && FORMAT_MAX_LENGTH.containsKey(schema.getFormat())
                && schema.getType() != null && schema.getType().contains(Schema.SchemaType.STRING)) {
            schema.setMaxLength(FORMAT_MAX_LENGTH.get(schema.getFormat()));
        }
        return schema;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        ensureProblemSchema(openAPI);
        for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
            PathItem item = path.getValue();
            for (Operation operation : item.getOperations().values()) {
                describeStandardAnswers(path.getKey(), item, operation, openAPI);
            }
        }
    }

    private static void describeStandardAnswers(String path, PathItem item, Operation operation, OpenAPI openAPI) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        APIResponses responses = operation.getResponses();
        boolean hasInput = operation.getRequestBody() != null || !parameters(item, operation).isEmpty();
        boolean secured = operation.getSecurity() != null ? !operation.getSecurity().isEmpty()
                : openAPI.getSecurity() != null && !openAPI.getSecurity().isEmpty();
        boolean roles = secured && (operation.getSecurity() == null ? openAPI.getSecurity() : operation.getSecurity()).stream()
                .anyMatch(requirement -> requirement.getSchemes() != null
                        && requirement.getSchemes().values().stream().anyMatch(r -> r != null && !r.isEmpty()));

        if (hasInput) {
            problem(responses, "400", "invalid-request: a parameter or the body is malformed or breaks a constraint; "
                    + "`errors` names every field at fault");
        }
        if (secured) {
            problem(responses, "401", "unauthenticated: no valid access token (WWW-Authenticate: Bearer; the Link header "
                    + "points to the Authentication for OPDS document)");
        }
        if (roles) {
            problem(responses, "403", "forbidden: the token's role or library may not do this");
        }
        if (path.contains("{")) {
            problem(responses, "404", "not-found: nothing is known by the identifier in the path");
        }
        if (operation.getRequestBody() != null) {
            problem(responses, "413", "The request body is larger than this service accepts; nothing was changed");
        }
        problem(responses, "500", "internal-error: an unexpected failure; the answer carries an incident id for support "
                + "and never any internals");
        APIResponse unavailable = problem(responses, "503", "service-unavailable: the database or another service is away "
                + "for a moment; nothing was changed; try again after Retry-After seconds");
        if (unavailable.getHeaders() == null || !unavailable.getHeaders().containsKey("Retry-After")) {
            unavailable.addHeader("Retry-After", OASFactory.createHeader().description("Seconds to wait before trying again")
                    .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int32")));
        }
        // in status order, as a reader looks them up
        responses.setAPIResponses(new java.util.TreeMap<>(responses.getAPIResponses()));
    }

    /** The response for {@code status}: the operation's own when it has content, else one that links the Problem schema. */
    private static APIResponse problem(APIResponses responses, String status, String description) {
        APIResponse response = responses.getAPIResponse(status);
        if (response == null) {
            response = OASFactory.createAPIResponse().description(description);
            responses.addAPIResponse(status, response);
        }
        if (response.getContent() == null || response.getContent().getMediaTypes() == null
                || response.getContent().getMediaTypes().isEmpty()) {
            Content content = OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                    OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_REF)));
            response.setContent(content);
            if (response.getDescription() == null || response.getDescription().isBlank()
                    || response.getDescription().startsWith("Not ")) {
                // Quarkus's own "Not Authorized"/"Not Allowed" say less than ours
                response.setDescription(description);
            }
        }
        return response;
    }

    private static List<Parameter> parameters(PathItem item, Operation operation) {
        List<Parameter> all = new java.util.ArrayList<>();
        if (item.getParameters() != null) {
            all.addAll(item.getParameters());
        }
        if (operation.getParameters() != null) {
            all.addAll(operation.getParameters());
        }
        return all;
    }

    /** Services whose own operations never name the Problem schema still answer with it. */
    private static void ensureProblemSchema(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        if (openAPI.getComponents().getSchemas() != null && openAPI.getComponents().getSchemas().containsKey("Problem")) {
            return;
        }
        Schema text = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        openAPI.getComponents().addSchema("Problem", OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem details; `code` is stable, `title` and `detail` follow Accept-Language (fi, sv, en)")
                .addProperty("type", text).addProperty("title", text).addProperty("detail", text).addProperty("code", text)
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int32")));
    }
}
