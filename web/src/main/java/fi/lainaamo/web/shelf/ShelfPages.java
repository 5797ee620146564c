package fi.lainaamo.web.shelf;

import com.fasterxml.jackson.databind.JsonNode;
import fi.lainaamo.web.api.Answer;
import fi.lainaamo.web.api.Api;
import fi.lainaamo.web.catalog.HoldTexts;
import fi.lainaamo.web.session.Visit;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
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
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** My shelf: loans (due date, days left, renew, return, read) and holds (queue position, ready until, cancel). */
@Path("/")
@Produces(MediaType.TEXT_HTML)
@Blocking
public class ShelfPages {

    @Inject
    Visit visit;
    @Inject
    Api api;
    @Inject
    Template shelf;

    @TemplateData
    public record LoanRow(String id, String publicationId, String title, String due, String daysLeft) {
    }

    @TemplateData
    public record HoldRow(String id, String publicationId, String title, String state, boolean ready, boolean waiting,
                          boolean suspended) {
    }

    /** A finished loan in the patron's history (kept only when they opted in). */
    @TemplateData
    public record PastLoan(String publicationId, String title, String period) {
    }

    /** How far ahead a hold may be suspended ("deliver later"), as loan-service allows. */
    private static final int SUSPEND_MAX_DAYS = 180;
    private static final int SUSPEND_DEFAULT_DAYS = 14;

    @GET
    @Path("shelf")
    public Response shelf(@QueryParam("done") String done) {
        return shelfPage(done, List.of(), 200);
    }

    Response shelfPage(String done, List<String> problems, int status) {
        Answer answer = visit.asPatron("GET", Api.Service.LOAN, "/v1/shelf", null);
        if (!answer.ok()) {
            throw new Api.Unavailable(Api.Service.LOAN, new IllegalStateException("status " + answer.status()));
        }
        LocalDate today = LocalDate.now(Visit.ZONE);
        List<LoanRow> loans = new ArrayList<>();
        for (JsonNode loan : answer.body().path("loans")) {
            if (!loan.path("state").asText().equals("active")) {
                continue;
            }
            Instant due = Instant.parse(loan.path("dueAt").asText());
            long left = Math.max(0, ChronoUnit.DAYS.between(today, due.atZone(Visit.ZONE).toLocalDate()));
            loans.add(new LoanRow(loan.path("id").asText(), loan.path("publicationId").asText(),
                    titleOf(loan.path("publicationId").asText()), visit.text("loan_due", visit.date(due)),
                    visit.plural("days_left", left)));
        }
        List<HoldRow> holds = new ArrayList<>();
        for (JsonNode hold : answer.body().path("holds")) {
            String state = hold.path("state").asText();
            holds.add(new HoldRow(hold.path("id").asText(), hold.path("publicationId").asText(),
                    titleOf(hold.path("publicationId").asText()), HoldTexts.describe(hold, visit),
                    state.equals("ready"), state.equals("waiting"), state.equals("suspended")));
        }
        // the loan history, for a patron who opted in (loan-service keeps none otherwise and answers an empty list)
        List<PastLoan> history = new ArrayList<>();
        Answer past = visit.asPatron("GET", Api.Service.LOAN, "/v1/loans/history", null);
        if (past.ok()) {
            for (JsonNode loan : past.body()) {
                String ended = loan.path("returnedAt").isTextual() ? loan.path("returnedAt").asText() : loan.path("dueAt").asText();
                history.add(new PastLoan(loan.path("publicationId").asText(), titleOf(loan.path("publicationId").asText()),
                        visit.date(Instant.parse(loan.path("startedAt").asText())) + " – " + visit.date(Instant.parse(ended))));
            }
        }
        Map<String, String> m = visit.m();
        String doneText = done == null ? null : m.get("done_" + done.replace('-', '_'));
        return Response.status(status).entity(shelf.data("frame", visit.frame(m.get("shelf_title"))).data("m", m)
                .data("loans", loans).data("holds", holds).data("history", history)
                .data("suspendDefault", today.plusDays(SUSPEND_DEFAULT_DAYS).toString())
                .data("suspendMin", today.plusDays(1).toString()).data("suspendMax", today.plusDays(SUSPEND_MAX_DAYS).toString())
                .data("done", doneText).data("problems", problems)).build();
    }

    private String titleOf(String publicationId) {
        Answer publication = api.get(Api.Service.CATALOG, "/v1/publications/" + publicationId, null, visit.locale());
        return publication.ok() ? publication.body().path("title").asText() : visit.m().get("title_unknown");
    }

    @POST
    @Path("loans/{id}/return")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response giveBack(@PathParam("id") UUID id, @FormParam("back") String back) {
        return act(visit.asPatron("POST", Api.Service.LOAN, "/v1/loans/" + id + "/return", null), back, "returned");
    }

    @POST
    @Path("loans/{id}/renew")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response renew(@PathParam("id") UUID id, @FormParam("back") String back) {
        return act(visit.asPatron("POST", Api.Service.LOAN, "/v1/loans/" + id + "/renew", null), back, "renewed");
    }

    @POST
    @Path("holds/{id}/cancel")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response cancelHold(@PathParam("id") UUID id, @FormParam("back") String back) {
        return act(visit.asPatron("DELETE", Api.Service.LOAN, "/v1/holds/" + id, null), back, "hold-cancelled");
    }

    /** "Deliver later": the hold keeps its place and is skipped through the chosen day. */
    @POST
    @Path("holds/{id}/suspend")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response suspendHold(@PathParam("id") UUID id, @FormParam("until") String until, @FormParam("back") String back) {
        LocalDate day;
        try {
            day = LocalDate.parse(until == null ? "" : until.strip());
        } catch (java.time.format.DateTimeParseException e) {
            return shelfPage(null, List.of(visit.m().get("suspend_bad_date")), 400);
        }
        return act(visit.asPatron("POST", Api.Service.LOAN, "/v1/holds/" + id + "/suspend", Map.of("until", day.toString())),
                back, "hold-suspended");
    }

    @POST
    @Path("holds/{id}/resume")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response resumeHold(@PathParam("id") UUID id, @FormParam("back") String back) {
        return act(visit.asPatron("POST", Api.Service.LOAN, "/v1/holds/" + id + "/resume", null), back, "hold-resumed");
    }

    /** Opens the loan in the reader the loan's fulfilment link leads to (a link signed for a few minutes). */
    @GET
    @Path("loans/{id}/read")
    public Response read(@PathParam("id") UUID id) {
        Answer link = visit.asPatron("GET", Api.Service.LOAN, "/v1/loans/" + id + "/fulfilment", null);
        if (!link.ok()) {
            return shelfPage(null, link.reasons(), link.status());
        }
        return Response.seeOther(URI.create(link.body().path("href").asText())).build();
    }

    private Response act(Answer answer, String back, String done) {
        String to = Visit.safeBack(back, "/shelf");
        if (answer.ok()) {
            int query = to.indexOf('?');
            return Response.seeOther(URI.create((query < 0 ? to : to.substring(0, query)) + "?done=" + done)).build();
        }
        return shelfPage(null, answer.reasons(), answer.status());
    }
}
