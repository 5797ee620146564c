package fi.lainaamo.web.signin;

import fi.lainaamo.web.api.Answer;
import fi.lainaamo.web.api.Api;
import fi.lainaamo.web.i18n.Texts;
import fi.lainaamo.web.session.Visit;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.Map;

/** Sign in with card number and PIN, sign out, and the language switch. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
@Blocking
public class SignInPages {

    @Inject
    Visit visit;
    @Inject
    Api api;
    @Inject
    Template signIn;

    @GET
    @Path("sign-in")
    public TemplateInstance form(@QueryParam("back") String back) {
        return page(Visit.safeBack(back, "/shelf"), "", null);
    }

    private TemplateInstance page(String back, String card, String problem) {
        Map<String, String> m = visit.m();
        return signIn.data("frame", visit.frame(m.get("sign_in_title"))).data("m", m).data("back", back)
                .data("card", card).data("problem", problem);
    }

    @POST
    @Path("sign-in")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signIn(@FormParam("cardNumber") String card, @FormParam("pin") String pin, @FormParam("back") String back) {
        String to = Visit.safeBack(back, "/shelf");
        if (card == null || card.isBlank() || pin == null || pin.isBlank()) {
            return Response.status(400).entity(page(to, card == null ? "" : card.strip(), visit.m().get("sign_in_missing"))).build();
        }
        Answer tokens = api.post(Api.Service.PATRON, "/v1/sign-in", Map.of("cardNumber", card.strip(), "pin", pin), null, visit.locale());
        if (!tokens.ok()) {
            int status = tokens.status() >= 500 ? 502 : tokens.status();
            return Response.status(status).entity(page(to, card.strip(), tokens.detail())).build();
        }
        visit.begin(Visit.fromTokens(tokens));
        return Response.seeOther(URI.create(to)).build();
    }

    @POST
    @Path("sign-out")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signOut() {
        visit.session().ifPresent(session -> api.post(Api.Service.PATRON, "/v1/sign-out",
                Map.of("refreshToken", session.refreshToken()), null, visit.locale()));
        visit.end();
        return Response.seeOther(URI.create("/?done=signed-out")).build();
    }

    /** The language switch: remembered in a cookie for a year; the browser's language is the default. */
    @GET
    @Path("language/{code}")
    public Response language(@PathParam("code") String code, @QueryParam("back") String back) {
        if (Texts.LANGUAGES.contains(code)) {
            visit.chooseLanguage(code);
        }
        return Response.seeOther(URI.create(Visit.safeBack(back, "/"))).build();
    }
}
