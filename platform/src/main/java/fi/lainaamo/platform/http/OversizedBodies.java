package fi.lainaamo.platform.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.lainaamo.platform.problem.Messages;
import fi.lainaamo.platform.problem.Problem;
import fi.lainaamo.platform.problem.ProblemMappers;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Locale;

/**
 * Bodies before any endpoint is chosen.
 * <ul>
 * <li>A body declared larger than the HTTP server takes at all ({@code quarkus.http.limits.max-body-size}) is refused,
 * and the server would answer a bare 413; this answers it first, as problem+json {@code body-too-large}, and closes the
 * connection rather than read the rest. (Smaller limits per endpoint are {@link RequestChecks}'s.)</li>
 * <li>A JSON body declared no larger than {@code lainaamo.http.max-body-size} (every write but uploads) is read here, on
 * the event loop, as it arrives. Quarkus REST then takes it from the routing context. Otherwise the worker thread that
 * runs the endpoint would read it, waiting for the event loop to hand over each chunk: under a burst of borrows, that
 * wait was most of a refusal's time (BENCHMARKS.md, issue 14, ninth pass). A body sent without a declared length, a
 * form, an upload or any body over HTTP/2 is read as before.</li>
 * </ul>
 */
@ApplicationScoped
public class OversizedBodies {

    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
    MemorySize serverMaxBodySize;

    @ConfigProperty(name = "lainaamo.http.max-body-size", defaultValue = "64K")
    MemorySize maxBodySize;

    @Inject
    ObjectMapper json;

    private BodyHandler smallBodies;

    void install(@Observes Router router) {
        // just ahead of the server's own check of the declared length
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::check);
        long small = RequestChecks.endpointLimit(maxBodySize, serverMaxBodySize);
        smallBodies = BodyHandler.create(false).setBodyLimit(small).setMergeFormAttributes(false).setPreallocateBodyBuffer(true);
        // just after it, so only a declared length the server takes is read
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1).handler(context -> readSmallJson(context, small));
    }

    private void readSmallJson(RoutingContext context, long small) {
        long declared = RequestChecks.declaredLength(context.request());
        // HTTP/1.x only: over HTTP/2 (h2c, as Java's HttpClient speaks by default) Quarkus REST pauses the request when it
        // takes it over, which an HTTP/2 request whose body is already read refuses ("Request has already been read")
        if (context.request().version() != HttpVersion.HTTP_2 && declared > 0 && declared <= small
                && isJson(context.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
            smallBodies.handle(context);
        } else {
            context.next();
        }
    }

    /** application/json or any +json type, as the endpoints' checks read it; anything else is left to them. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int parameters = contentType.indexOf(';');
        String type = (parameters < 0 ? contentType : contentType.substring(0, parameters)).trim().toLowerCase(Locale.ROOT);
        int slash = type.indexOf('/');
        if (slash < 0) {
            return false;
        }
        return "application".equals(type.substring(0, slash)) && RequestChecks.jsonSubtype(type.substring(slash + 1));
    }

    private void check(RoutingContext context) {
        long limit = serverMaxBodySize.asLongValue();
        if (RequestChecks.declaredLength(context.request()) <= limit) {
            context.next();
            return;
        }
        Locale locale = Messages.locale(context.request().getHeader(HttpHeaders.ACCEPT_LANGUAGE));
        Problem problem = ProblemMappers.problem(413, "body-too-large", List.of(), locale, RequestChecks.Sizes.describe(limit));
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        context.response().setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONTENT_LANGUAGE, locale.getLanguage())
                .putHeader("Connection", "close")
                .endHandler(sent -> context.request().connection().close())
                .end(body);
    }
}
