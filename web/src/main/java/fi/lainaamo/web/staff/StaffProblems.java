package fi.lainaamo.web.staff;

import fi.lainaamo.web.session.Visit;
import io.quarkus.qute.Template;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The answers for visitors who may not see a console page. */
public class StaffProblems {

    @Inject
    Visit visit;
    @Inject
    StaffSession staff;
    @Inject
    Template staffForbidden;

    /** Not signed in as staff: the sign-in page; signed in without the role (or as a patron only): 403 in words. */
    @ServerExceptionMapper
    public Response staffOnly(StaffSession.StaffOnly e) {
        if (!e.forbidden && !visit.signedIn()) {
            String back = visit.backAfterSignIn().startsWith("/staff") ? visit.backAfterSignIn() : "/staff";
            return Response.seeOther(URI.create("/staff/sign-in?back=" + URLEncoder.encode(back, StandardCharsets.UTF_8))).build();
        }
        Map<String, Object> data = StaffPages.page(visit, staff, visit.m().get("staff_forbidden_title"));
        data.put("message", visit.m().get(e.forbidden ? "staff_forbidden_role" : "staff_forbidden_patron"));
        return Response.status(403).type(MediaType.TEXT_HTML_TYPE).entity(StaffPages.render(staffForbidden, data).render()).build();
    }
}
