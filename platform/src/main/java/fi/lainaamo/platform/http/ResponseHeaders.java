package fi.lainaamo.platform.http;

import io.quarkus.vertx.http.ManagementInterface;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Set;

/**
 * Headers every answer of the service carries, whoever wrote it (an endpoint, a problem mapper, the HTTP server's own
 * refusals, the management port): {@code X-Content-Type-Options: nosniff}, and {@code Cache-Control: no-store} on every answer to a caller
 * who signed in (an Authorization header) and on every answer to a change (sign-in, registration, tokens), which are
 * about the caller. Public catalogue reads keep whatever caching their endpoint chose.
 */
@ApplicationScoped
public class ResponseHeaders {

    private static final Set<HttpMethod> CHANGES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

    void install(@Observes Router router) {
        addTo(router);
    }

    /** The management port's answers (metrics, health) too. */
    void install(@Observes ManagementInterface management) {
        addTo(management.router());
    }

    private static void addTo(Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_HEADERS).handler(context -> {
            HttpServerRequest request = context.request();
            boolean personal = request.getHeader("Authorization") != null || CHANGES.contains(request.method());
            context.addHeadersEndHandler(ignored -> {
                context.response().headers().set("X-Content-Type-Options", "nosniff");
                if (personal) {
                    context.response().headers().set("Cache-Control", "no-store");
                }
            });
            context.next();
        });
    }
}
