package fi.lainaamo.web.staff;

import com.fasterxml.jackson.databind.JsonNode;
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
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The librarian's desk: find a patron of their own library by card number, see their standing and the notices they
 * were sent, block and unblock with a reason. patron-service decides who may see whom (a librarian only their own
 * library's patrons); its refusals are shown in its own words.
 */
@Path("/staff/patrons")
@Produces(MediaType.TEXT_HTML)
@Blocking
public class PatronDesk {

    @Inject
    Visit visit;
    @Inject
    StaffSession staff;
    @Inject
    Template staffPatrons;
    @Inject
    Template staffPatron;

    @GET
    public Response find(@QueryParam("card") String card) {
        staff.require(false);
        Map<String, Object> data = StaffPages.page(visit, staff, visit.m().get("staff_patrons_title"));
        String wanted = card == null ? "" : card.strip();
        data.put("card", wanted);
        data.put("problem", null);
        if (wanted.isEmpty()) {
            return Response.ok(StaffPages.render(staffPatrons, data)).build();
        }
        Answer found = staff.call("GET", Api.Service.PATRON, "/v1/patrons?cardNumber=" + URLEncoder.encode(wanted, StandardCharsets.UTF_8), null);
        if (found.ok() && found.body().size() == 1) {
            return Response.seeOther(URI.create("/staff/patrons/" + found.body().get(0).path("id").asText())).build();
        }
        data.put("problem", found.ok() ? visit.m().get("staff_patron_none") : found.detail());
        return Response.status(found.ok() ? 404 : found.status() >= 500 ? 502 : found.status())
                .entity(StaffPages.render(staffPatrons, data)).build();
    }

    @GET
    @Path("{id}")
    public Response patron(@PathParam("id") UUID id, @QueryParam("done") String done) {
        return patronPage(id, done, null, 200);
    }

    private Response patronPage(UUID id, String done, String problem, int status) {
        staff.require(false);
        Map<String, String> m = visit.m();
        Answer patron = staff.call("GET", Api.Service.PATRON, "/v1/patrons/" + id, null);
        Map<String, Object> data = StaffPages.page(visit, staff, m.get("staff_patron_title"));
        if (!patron.ok()) {
            data.put("card", "");
            data.put("problem", patron.detail());
            return Response.status(patron.status() >= 500 ? 502 : patron.status()).entity(StaffPages.render(staffPatrons, data)).build();
        }
        JsonNode p = patron.body();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", p.path("id").asText());
        view.put("card", p.path("maskedCardNumber").asText(""));
        view.put("municipality", p.path("municipality").asText(""));
        view.put("language", p.path("language").asText(""));
        boolean blocked = "blocked".equals(p.path("status").asText());
        view.put("blocked", blocked);
        view.put("status", m.getOrDefault("staff_patron_status_" + p.path("status").asText(), p.path("status").asText()));
        view.put("blockReason", p.path("blockReason").asText(""));
        view.put("blockedAt", p.path("blockedAt").isTextual() ? visit.dateTime(Instant.parse(p.path("blockedAt").asText())) : "");
        view.put("registeredAt", p.path("registeredAt").isTextual() ? visit.date(Instant.parse(p.path("registeredAt").asText())) : "");
        data.put("p", view);
        // counts only (loan-service, for staff): a librarian's cover what was borrowed and held through their library
        Answer counts = staff.call("GET", Api.Service.LOAN, "/v1/patrons/" + id + "/counts", null);
        data.put("counts", counts.ok() ? Map.of(
                "loans", visit.number(counts.body().path("activeLoans").asLong()),
                "waiting", visit.number(counts.body().path("waitingHolds").asLong()),
                "ready", visit.number(counts.body().path("readyHolds").asLong())) : null);
        List<Map<String, String>> notices = new ArrayList<>();
        Answer sent = staff.call("GET", Api.Service.PATRON, "/v1/patrons/" + id + "/notices?limit=50", null);
        if (sent.ok()) {
            for (JsonNode n : sent.body().path("items").isArray() ? sent.body().path("items") : sent.body()) {
                Map<String, String> notice = new LinkedHashMap<>();
                notice.put("occasion", m.getOrDefault("staff_occasion_" + n.path("occasion").asText().replace('-', '_'), n.path("occasion").asText()));
                notice.put("channel", m.getOrDefault("staff_channel_" + n.path("channel").asText().replace('-', '_'), n.path("channel").asText()));
                notice.put("status", m.getOrDefault("staff_notice_" + n.path("status").asText(), n.path("status").asText()));
                notice.put("createdAt", n.path("createdAt").isTextual() ? visit.dateTime(Instant.parse(n.path("createdAt").asText())) : "");
                notices.add(notice);
            }
        }
        data.put("notices", notices);
        data.put("noticesProblem", sent.ok() ? null : sent.detail());
        data.put("done", done == null ? null : m.get("staff_done_" + done));
        data.put("problem", problem);
        return Response.status(status).entity(StaffPages.render(staffPatron, data)).build();
    }

    @POST
    @Path("{id}/block")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response block(@PathParam("id") UUID id, @FormParam("reason") String reason) {
        staff.require(false);
        if (reason == null || reason.isBlank()) {
            return patronPage(id, null, visit.m().get("staff_block_reason_missing"), 400);
        }
        Answer blocked = staff.call("POST", Api.Service.PATRON, "/v1/patrons/" + id + "/block", Map.of("reason", reason.strip()));
        if (!blocked.ok()) {
            return patronPage(id, null, blocked.detail(), blocked.status() >= 500 ? 502 : blocked.status());
        }
        return Response.seeOther(URI.create("/staff/patrons/" + id + "?done=blocked")).build();
    }

    @POST
    @Path("{id}/unblock")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response unblock(@PathParam("id") UUID id) {
        staff.require(false);
        Answer unblocked = staff.call("POST", Api.Service.PATRON, "/v1/patrons/" + id + "/unblock", null);
        if (!unblocked.ok()) {
            return patronPage(id, null, unblocked.detail(), unblocked.status() >= 500 ? 502 : unblocked.status());
        }
        return Response.seeOther(URI.create("/staff/patrons/" + id + "?done=unblocked")).build();
    }
}
