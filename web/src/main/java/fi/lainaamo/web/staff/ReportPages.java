package fi.lainaamo.web.staff;

import com.fasterxml.jackson.databind.JsonNode;
import fi.lainaamo.web.api.Answer;
import fi.lainaamo.web.api.Api;
import fi.lainaamo.web.api.Download;
import fi.lainaamo.web.session.Visit;
import io.quarkus.qute.Template;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The reports page of the staff console: a municipality's loans month by month as a table and as charts, its most
 * borrowed titles, the E-kirjasto export, and for consortium admins the titles with most holds per copy. Everything
 * comes from report-service with the staff member's token; charts and files are relayed by the web app, so the token
 * never reaches the browser and report-service decides who may see which municipality.
 */
@Path("/staff/reports")
@Blocking
public class ReportPages {

    private static final Pattern CODE = Pattern.compile("\\d{3}");
    private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");
    private static final int MONTHS_SHOWN = 6;
    private static final Duration CHART_WAIT = Duration.ofSeconds(30);
    private static final Duration EXPORT_WAIT = Duration.ofMinutes(5);

    @Inject
    Visit visit;
    @Inject
    StaffSession staff;
    @Inject
    Template staffReports;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response page(@QueryParam("municipality") String municipality, @QueryParam("from") String from, @QueryParam("to") String to) {
        staff.require(false);
        Map<String, Object> data = StaffPages.page(visit, staff, visit.m().get("reports_title"));
        List<String> municipalities = municipalities();
        String code = municipality == null || municipality.isBlank() ? (municipalities.isEmpty() ? null : municipalities.get(0)) : municipality.strip();
        YearMonth now = YearMonth.now(Visit.ZONE);
        String toMonth = to == null || to.isBlank() ? now.toString() : to.strip();
        String fromMonth = from == null || from.isBlank() ? now.minusMonths(MONTHS_SHOWN - 1L).toString() : from.strip();
        data.put("municipalities", municipalities);
        data.put("code", code == null ? "" : code);
        data.put("from", fromMonth);
        data.put("to", toMonth);
        List<String> problems = new ArrayList<>();
        int status = 200;
        if (code != null && !CODE.matcher(code).matches()) {
            problems.add(visit.m().get("reports_bad_municipality"));
        }
        if (!MONTH.matcher(fromMonth).matches() || !MONTH.matcher(toMonth).matches()) {
            problems.add(visit.m().get("reports_bad_month"));
        }
        data.put("report", null);
        if (!problems.isEmpty()) {
            status = 400;
        } else if (code != null) {
            String period = "from=" + fromMonth + "&to=" + toMonth;
            Answer report = staff.call("GET", Api.Service.REPORT, "/v1/reports/municipalities/" + code + "?" + period, null);
            if (report.ok()) {
                data.put("report", municipalityReport(report.body(), code, fromMonth, toMonth));
                String query = "municipality=" + code + "&" + period;
                data.put("query", query);
            } else {
                problems.add(report.detail());
                status = report.status() >= 500 ? 502 : report.status();
            }
        }
        if (staff.admin() && problems.isEmpty()) {
            Answer acquisitions = staff.call("GET", Api.Service.REPORT, "/v1/reports/acquisitions?from=" + fromMonth + "&to=" + toMonth + "&limit=10", null);
            if (acquisitions.ok()) {
                data.put("demand", demand(acquisitions.body()));
            } else {
                problems.add(acquisitions.detail());
            }
        }
        data.putIfAbsent("demand", null);
        data.putIfAbsent("query", "");
        data.put("problems", problems);
        return Response.status(status).entity(StaffPages.render(staffReports, data)).build();
    }

    /** The municipalities the staff member may choose: their library's, or for an admin every library's. */
    private List<String> municipalities() {
        Answer libraries = staff.call("GET", Api.Service.PATRON, "/v1/libraries", null);
        Set<String> codes = new TreeSet<>();
        if (libraries.ok()) {
            for (JsonNode library : libraries.body()) {
                if (staff.admin() || library.path("id").asText().equals(staff.libraryId())) {
                    library.path("municipalities").forEach(code -> codes.add(code.asText()));
                }
            }
        }
        return new ArrayList<>(codes);
    }

    private Map<String, Object> municipalityReport(JsonNode report, String code, String from, String to) {
        Map<String, Object> view = new HashMap<>();
        List<Map<String, Object>> months = new ArrayList<>();
        long total = 0;
        long most = -1;
        String busiest = "";
        for (JsonNode month : report.path("months")) {
            long loans = month.path("loans").asLong();
            total += loans;
            if (loans > most) {
                most = loans;
                busiest = month.path("month").asText();
            }
            months.add(Map.of("month", month.path("month").asText(), "loans", visit.number(loans),
                    "borrowers", visit.number(month.path("distinctBorrowers").asLong()),
                    "holds", visit.number(month.path("holdsPlaced").asLong())));
        }
        List<Map<String, Object>> titles = new ArrayList<>();
        for (JsonNode title : report.path("topTitles")) {
            String name = title.path("title").asText("");
            titles.add(Map.of("title", name.isBlank() ? visit.m().get("reports_untitled") : name, "loans", title.path("loansShown").asText()));
        }
        view.put("months", months);
        view.put("titles", titles);
        view.put("total", visit.number(total));
        view.put("holdsWaiting", visit.number(report.path("holdsWaiting").asLong()));
        view.put("smallCell", report.path("smallCell").asInt());
        view.put("loansAlt", total == 0
                ? visit.text("reports_loans_alt_none", code, from, to)
                : visit.text("reports_loans_alt", code, from, to, total, busiest, most));
        // the chart leaves out the titles the small-cell rule withholds: the text describes the first one drawn
        Map<String, Object> first = titles.stream().filter(t -> !String.valueOf(t.get("loans")).startsWith("<")).findFirst().orElse(null);
        view.put("titlesAlt", titles.isEmpty() ? visit.text("reports_titles_alt_none", code, from, to)
                : first == null ? visit.text("reports_titles_alt_hidden", code, from, to, report.path("smallCell").asInt())
                : visit.text("reports_titles_alt", code, from, to, first.get("title"), first.get("loans")));
        return view;
    }

    private List<Map<String, Object>> demand(JsonNode acquisitions) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (JsonNode d : acquisitions.path("holdsPerCopy")) {
            String name = d.path("title").asText("");
            rows.add(Map.of("title", name.isBlank() ? visit.m().get("reports_untitled") : name,
                    "waiting", visit.number(d.path("holdsWaiting").asLong()), "copies", visit.number(d.path("copies").asLong()),
                    "perCopy", d.path("holdsPerCopy").isNumber() ? String.valueOf(d.path("holdsPerCopy").asDouble()).replace(".", visit.lang().equals("en") ? "." : ",") : "–"));
        }
        return rows;
    }

    /** A chart of report-service, relayed with the staff token (PNG: an {@code <img>} the browser can always show). */
    @GET
    @Path("charts/{chart: loans|top-titles}.png")
    public Response chart(@PathParam("chart") String chart, @QueryParam("municipality") String municipality,
                          @QueryParam("from") String from, @QueryParam("to") String to) {
        staff.require(false);
        if (municipality == null || !CODE.matcher(municipality).matches() || from == null || !MONTH.matcher(from).matches()
                || to == null || !MONTH.matcher(to).matches()) {
            return Response.status(400).type(MediaType.TEXT_PLAIN_TYPE).entity(visit.m().get("reports_bad_chart")).build();
        }
        return relay(staff.subresource(Api.Service.REPORT, "/v1/reports/charts/municipalities/" + municipality + "/" + chart
                + ".png?from=" + from + "&to=" + to + "&width=800&height=400", "image/png", CHART_WAIT), null);
    }

    @GET
    @Path("charts/holds-per-copy.png")
    public Response holdsPerCopy() {
        staff.require(true);
        return relay(staff.subresource(Api.Service.REPORT, "/v1/reports/charts/holds-per-copy.png?limit=10&width=800&height=400",
                "image/png", CHART_WAIT), null);
    }

    /** The E-kirjasto loan statistics of one municipality, as report-service writes them, streamed through. */
    @GET
    @Path("export")
    public Response export(@QueryParam("municipality") String municipality, @QueryParam("from") String from,
                           @QueryParam("to") String to, @QueryParam("format") String format) {
        staff.require(false);
        String kind = "xlsx".equals(format) ? "xlsx" : "csv";
        if (municipality == null || !CODE.matcher(municipality).matches() || from == null || !MONTH.matcher(from).matches()
                || to == null || !MONTH.matcher(to).matches()) {
            return Response.status(400).type(MediaType.TEXT_PLAIN_TYPE).entity(visit.m().get("reports_bad_chart")).build();
        }
        String accept = kind.equals("xlsx") ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv";
        return relay(staff.download(Api.Service.REPORT, "/v1/reports/loans/export?municipality=" + URLEncoder.encode(municipality, StandardCharsets.UTF_8)
                + "&from=" + from + "&to=" + to + "&format=" + kind, accept, EXPORT_WAIT),
                "attachment; filename=\"lainat-" + municipality + "-" + from + "-" + to + "." + kind + "\"");
    }

    /** The service's bytes as they come; a refusal becomes a short text in the page's language, never the service's body. */
    private Response relay(Download download, String disposition) {
        if (!download.ok()) {
            int status = download.status();
            download.close();
            return Response.status(status >= 500 ? 502 : status).type(MediaType.TEXT_PLAIN_TYPE)
                    .entity(visit.m().get(status == 403 ? "reports_not_yours" : "reports_unavailable")).build();
        }
        StreamingOutput body = out -> {
            try (InputStream in = download.body()) {
                in.transferTo(out);
            }
        };
        Response.ResponseBuilder answer = Response.ok(body, download.contentType()).header("Cache-Control", "no-store")
                .header("X-Content-Type-Options", "nosniff");
        String named = disposition != null ? disposition : download.disposition();
        if (named != null) {
            answer.header("Content-Disposition", named);
        }
        return answer.build();
    }
}
