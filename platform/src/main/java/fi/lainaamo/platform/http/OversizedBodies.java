package fi.lainaamo.platform.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.lainaamo.platform.problem.Messages;
import fi.lainaamo.platform.problem.Problem;
import fi.lainaamo.platform.problem.ProblemMappers;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Locale;

/**
 * A body declared larger than the HTTP server takes at all ({@code quarkus.http.limits.max-body-size}) is refused
 * before any endpoint is chosen, and the server would answer a bare 413; this answers it first, as problem+json
 * {@code body-too-large}, and closes the connection rather than read the rest. (Smaller limits per endpoint are
 * {@link RequestChecks}'s.)
 */
@ApplicationScoped
public class OversizedBodies {

    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
    MemorySize serverMaxBodySize;

    @Inject
    ObjectMapper json;

    void install(@Observes Router router) {
        // just ahead of the server's own check of the declared length
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::check);
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
