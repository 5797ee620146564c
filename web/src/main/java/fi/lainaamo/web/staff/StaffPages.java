package fi.lainaamo.web.staff;

import fi.lainaamo.web.api.Answer;
import fi.lainaamo.web.api.Api;
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
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * The staff console's door: sign-in with username and password (patron-service's staff sign-in), sign-out, the
 * front page with what the staff member's role allows, and the answers for visitors who may not be here.
 */
@Path("/staff")
@Produces(MediaType.TEXT_HTML)
@Blocking
public class StaffPages {

    @Inject
    Visit visit;
    @Inject
    StaffSession staff;
    @Inject
    Api api;
    @Inject
    Template staffSignIn;
    @Inject
    Template staffHome;

    /** What every console page shows: the frame, texts, and the console's own navigation for the role. */
    static Map<String, Object> page(Visit visit, StaffSession staff, String title) {
        Map<String, Object> data = new HashMap<>();
        data.put("frame", visit.frame(title));
        data.put("m", visit.m());
        data.put("staff", Map.of("signedIn", staff.signedIn(), "admin", staff.admin(), "librarian", staff.has(StaffSession.LIBRARIAN)));
        return data;
    }

    static TemplateInstance render(Template template, Map<String, Object> data) {
        TemplateInstance instance = template.instance();
        data.forEach(instance::data);
        return instance;
    }

    @GET
    public TemplateInstance home() {
        staff.require(false);
        Map<String, Object> data = page(visit, staff, visit.m().get("staff_title"));
        data.put("role", visit.m().get(staff.admin() ? "staff_role_admin" : "staff_role_librarian"));
        return render(staffHome, data);
    }

    @GET
    @Path("sign-in")
    public TemplateInstance signInForm(@QueryParam("back") String back) {
        return signInPage(Visit.safeBack(back, "/staff"), "", null);
    }

    private TemplateInstance signInPage(String back, String username, String problem) {
        Map<String, Object> data = page(visit, staff, visit.m().get("staff_sign_in_title"));
        data.put("back", back.startsWith("/staff") ? back : "/staff");
        data.put("username", username);
        data.put("problem", problem);
        return render(staffSignIn, data);
    }

    @POST
    @Path("sign-in")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signIn(@FormParam("username") String username, @FormParam("password") String password, @FormParam("back") String back) {
        String to = Visit.safeBack(back, "/staff");
        String name = username == null ? "" : username.strip();
        if (name.isEmpty() || password == null || password.isEmpty()) {
            return Response.status(400).entity(signInPage(to, name, visit.m().get("staff_sign_in_missing"))).build();
        }
        Answer tokens = api.post(Api.Service.PATRON, "/v1/staff/sign-in", Map.of("username", name, "password", password), null, visit.locale());
        if (!tokens.ok()) {
            return Response.status(tokens.status() >= 500 ? 502 : tokens.status()).entity(signInPage(to, name, tokens.detail())).build();
        }
        staff.begin(tokens);
        return Response.seeOther(URI.create(to.startsWith("/staff") ? to : "/staff")).build();
    }

    @POST
    @Path("sign-out")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signOut() {
        staff.signOut();
        return Response.seeOther(URI.create("/staff/sign-in")).build();
    }
}
