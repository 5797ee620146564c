package fi.lainaamo.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import fi.lainaamo.platform.faults.Outages;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Turns every failure into problem+json with a stable code and localized texts. Unexpected failures are logged
 * with an incident id and answered without internals (no class names, no stack traces).
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    /** Every 503 says when to try again: long enough for a database or a peer to come back from a restart. */
    static final int RETRY_AFTER_SECONDS = 5;

    @ServerExceptionMapper
    public Response refused(ProblemException e, HttpHeaders headers) {
        Locale locale = Messages.locale(headers);
        List<Problem.Reason> reasons = e.violations().stream()
                .map(v -> reason(v.code(), v.field(), locale, v.args()))
                .toList();
        return respond(e.status(), e.code(), reasons, locale, e.violations().size() == 1 ? e.violations().get(0).args() : new Object[0]);
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, HttpHeaders headers) {
        Locale locale = Messages.locale(headers);
        List<Problem.Reason> reasons = e.getConstraintViolations().stream()
                .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                .map(v -> new Problem.Reason("invalid-field", field(v),
                        Messages.text("invalid-field.title", locale), field(v) + ": " + v.getMessage()))
                .toList();
        return respond(400, "invalid-request", reasons, locale);
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, HttpHeaders headers) {
        return unreadable(e, headers);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, HttpHeaders headers) {
        Locale locale = Messages.locale(headers);
        String field = e instanceof MismatchedInputException mismatch ? mismatch.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")) : null;
        String code = e instanceof InvalidFormatException || e instanceof MismatchedInputException ? "invalid-field" : "malformed-json";
        List<Problem.Reason> reasons = List.of(reason(code, field == null || field.isEmpty() ? null : field, locale, field));
        return respond(400, "invalid-request", reasons, locale);
    }

    /** Where apps learn how to sign in (Authentication for OPDS); every 401 links to it. */
    @ConfigProperty(name = "lainaamo.opds.authentication-document")
    Optional<String> authenticationDocument;

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(HttpHeaders headers) {
        Locale locale = Messages.locale(headers);
        Response.ResponseBuilder builder = Response.fromResponse(respond(401, "unauthenticated", List.of(), locale))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        authenticationDocument.ifPresent(url -> builder.header("Link",
                "<" + url + ">; rel=\"http://opds-spec.org/auth/document\"; type=\"application/opds-authentication+json\""));
        return builder.build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpHeaders headers) {
        return respond(403, "forbidden", List.of(), Messages.locale(headers));
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e, HttpHeaders headers) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, headers);
        }
        String code = switch (status) {
            case 400 -> "bad-request";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 415 -> "unsupported-media-type";
            default -> "request-refused";
        };
        return respond(status, code, List.of(), Messages.locale(headers));
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e, HttpHeaders headers) {
        if (Outages.isOutage(e)) {
            // the database or a peer is away for a moment: the transaction rolled back, so nothing is half done
            LOG.warnf("answered 503, a dependency is unavailable: %s", Outages.summary(e));
            return respond(503, "service-unavailable", List.of(), Messages.locale(headers));
        }
        if (unreadableBody(e)) {
            // a form or multipart body cut short or broken: the client's fault, and nothing was read or changed
            Locale locale = Messages.locale(headers);
            return respond(400, "invalid-request", List.of(reason("malformed-body", null, locale)), locale);
        }
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "incident %s", incident);
        Locale locale = Messages.locale(headers);
        return respond(500, "internal-error", List.of(), locale, incident);
    }

    /** Whether the failure is the REST layer reading a form or multipart body that is not what its Content-Type says. */
    private static boolean unreadableBody(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.io.IOException) {
                for (StackTraceElement frame : t.getStackTrace()) {
                    String type = frame.getClassName();
                    if (type.startsWith("org.jboss.resteasy.reactive.server.core.multipart.")
                            || type.equals("org.jboss.resteasy.reactive.server.handlers.FormBodyHandler")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static Problem.Reason reason(String code, String field, Locale locale, Object... args) {
        return new Problem.Reason(code, field, Messages.text(code + ".title", locale, args), Messages.text(code + ".detail", locale, args));
    }

    private static String field(ConstraintViolation<?> v) {
        // "create.request.name" -> "name": drop the method and parameter segments of a bean-validation path
        String path = v.getPropertyPath().toString();
        // and the container-element nodes ("hazards[0].<list element>" -> "hazards[0]"), which name no field
        String[] parts = path.split("\\.");
        List<String> named = java.util.Arrays.stream(parts, Math.min(2, parts.length - 1), parts.length)
                .filter(part -> !part.startsWith("<")).toList();
        if (!named.isEmpty()) {
            return String.join(".", named);
        }
        // a parameter's own value, or an element of a repeated parameter ("search.accessibility[0].<list element>")
        for (int i = parts.length - 1; i > 0; i--) {
            if (!parts[i].startsWith("<")) {
                return parts[i];
            }
        }
        return parts[parts.length - 1];
    }

    /** The problem document itself, for answers given outside the REST layer (the HTTP server's own limits). */
    public static Problem problem(int status, String code, List<Problem.Reason> reasons, Locale locale, Object... args) {
        return new Problem(Problem.TYPE_BASE + code, Messages.text(code + ".title", locale, args), status,
                Messages.text(code + ".detail", locale, args), code, reasons.isEmpty() ? null : new ArrayList<>(reasons));
    }

    static Response respond(int status, String code, List<Problem.Reason> reasons, Locale locale, Object... args) {
        Problem problem = problem(status, code, reasons, locale, args);
        Response.ResponseBuilder response = Response.status(status).type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.CONTENT_LANGUAGE, locale.getLanguage())
                .entity(problem);
        if (status == 503) {
            response.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        return response.build();
    }
}
