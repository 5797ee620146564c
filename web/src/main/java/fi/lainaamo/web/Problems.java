package fi.lainaamo.web;

import fi.lainaamo.web.api.Api;
import fi.lainaamo.web.session.Visit;
import io.quarkus.logging.Log;
import io.quarkus.qute.Template;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Pages for what went wrong: a service that does not answer, and a page that needs signing in. */
public class Problems {

    @Inject
    Visit visit;
    @Inject
    Template error;

    @ServerExceptionMapper
    public Response unavailable(Api.Unavailable e) {
        Log.warnf("%s", e.getMessage());
        return Response.status(503).type(MediaType.TEXT_HTML_TYPE).entity(error.data("frame", visit.frame(visit.m().get("error_title")))
                .data("m", visit.m()).data("message", visit.m().get("error_unavailable")).render()).build();
    }

    @ServerExceptionMapper
    public Response signInNeeded(Visit.SignInNeeded e) {
        return Response.seeOther(URI.create("/sign-in?back=" + URLEncoder.encode(visit.backAfterSignIn(), StandardCharsets.UTF_8))).build();
    }
}
