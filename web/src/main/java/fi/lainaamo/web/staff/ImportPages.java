package fi.lainaamo.web.staff;

import com.fasterxml.jackson.databind.JsonNode;
import fi.lainaamo.web.api.Answer;
import fi.lainaamo.web.api.Api;
import fi.lainaamo.web.session.Visit;
import io.quarkus.qute.Template;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Imports for the consortium admin: an ONIX 3.0 file to catalog-service, followed live (the page asks catalog-service's
 * job for its counts every second with htmx and moves a {@code <progress>} bar), with each product's outcome and
 * reason when it ends; an ODL feed to license-service's import job, followed the same way, with each licence's result
 * when it ends.
 */
@Path("/staff/imports")
@Produces(MediaType.TEXT_HTML)
@Blocking
public class ImportPages {

    private static final int RECORDS_PAGE = 100;

    @Inject
    Visit visit;
    @Inject
    StaffSession staff;
    @Inject
    Template staffImports;
    @Inject
    Template staffImport;
    @Inject
    Template staffImportProgress;
    @Inject
    Template staffOdlReport;
    @Inject
    Template staffOdlProgress;

    @GET
    public Response forms() {
        return formsPage(null, 200);
    }

    private Response formsPage(String problem, int status) {
        staff.require(true);
        Map<String, Object> data = StaffPages.page(visit, staff, visit.m().get("staff_imports_title"));
        data.put("problem", problem);
        return Response.status(status).entity(StaffPages.render(staffImports, data)).build();
    }

    @POST
    @Path("onix")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response onix(@RestForm("file") FileUpload file) throws IOException {
        staff.require(true);
        if (file == null || file.uploadedFile() == null || Files.size(file.uploadedFile()) == 0) {
            return formsPage(visit.m().get("staff_import_no_file"), 400);
        }
        byte[] bytes = Files.readAllBytes(file.uploadedFile());
        int total = products(bytes);
        Answer started = staff.send(Api.Service.CATALOG, "/v1/imports/onix", "application/xml", bytes);
        if (!started.ok()) {
            return formsPage(started.detail(), started.status() >= 500 ? 502 : started.status());
        }
        return Response.seeOther(URI.create("/staff/imports/onix/" + started.body().path("id").asText() + "?total=" + total)).build();
    }

    /**
     * How many products the file has, for the bar's maximum: catalog-service's job counts what it has read but not
     * what the file holds, so the web app counts the {@code Product} elements of the upload once (streaming, no DTDs
     * or external entities). A file that is not well-formed is counted up to the break; catalog-service says the rest.
     */
    static int products(byte[] onix) {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        int count = 0;
        try (InputStream in = new java.io.ByteArrayInputStream(onix)) {
            XMLStreamReader reader = factory.createXMLStreamReader(in);
            while (reader.hasNext()) {
                if (reader.next() == XMLStreamReader.START_ELEMENT
                        && (reader.getLocalName().equals("Product") || reader.getLocalName().equals("product"))) {
                    count++;
                }
            }
        } catch (XMLStreamException | IOException broken) {
            // counted up to the break
        }
        return count;
    }

    @GET
    @Path("onix/{id}")
    public Response job(@PathParam("id") UUID id, @QueryParam("total") Integer total, @QueryParam("after") Integer after) {
        staff.require(true);
        Map<String, Object> data = StaffPages.page(visit, staff, visit.m().get("staff_import_title"));
        data.putAll(progress(id, total, after == null ? 0 : after));
        return Response.ok(StaffPages.render(staffImport, data)).build();
    }

    /** The part of the page htmx swaps every second while the import runs. */
    @GET
    @Path("onix/{id}/progress")
    public Response progressFragment(@PathParam("id") UUID id, @QueryParam("total") Integer total) {
        staff.require(true);
        Map<String, Object> data = StaffPages.page(visit, staff, visit.m().get("staff_import_title"));
        data.putAll(progress(id, total, 0));
        return Response.ok(StaffPages.render(staffImportProgress, data)).build();
    }

    private Map<String, Object> progress(UUID id, Integer total, int after) {
        Map<String, String> m = visit.m();
        Answer job = staff.call("GET", Api.Service.CATALOG, "/v1/imports/" + id, null);
        if (!job.ok()) {
            throw new Api.Unavailable(Api.Service.CATALOG, new IllegalStateException("status " + job.status()));
        }
        JsonNode j = job.body();
        String status = j.path("status").asText();
        boolean done = status.equals("FINISHED") || status.equals("FAILED");
        int processed = j.path("processed").asInt();
        int max = total == null || total <= 0 ? 0 : Math.max(total, processed);
        if (done && max == 0) {
            max = Math.max(processed, 1);
        }
        int value = done && status.equals("FINISHED") ? max : Math.min(processed, max);
        int percent = max == 0 ? 0 : (int) Math.floor(100.0 * value / max);
        Map<String, Object> data = new HashMap<>();
        data.put("id", id.toString());
        data.put("total", total == null ? 0 : total);
        data.put("running", !done);
        data.put("failed", status.equals("FAILED"));
        data.put("max", max);
        data.put("value", value);
        data.put("percent", percent);
        data.put("status", m.getOrDefault("staff_import_status_" + status, status));
        data.put("progressText", max == 0 ? visit.text("staff_import_read", visit.number(processed))
                : visit.text("staff_import_progress_text", visit.number(value), visit.number(max), percent));
        data.put("error", j.path("error").asText(""));
        List<Map<String, String>> counts = new ArrayList<>();
        for (String outcome : List.of("imported", "updated", "withdrawn", "skipped", "failed")) {
            counts.add(Map.of("name", m.get("staff_outcome_" + outcome), "count", visit.number(j.path(outcome).asLong())));
        }
        data.put("counts", counts);
        List<Map<String, String>> records = new ArrayList<>();
        String next = null;
        if (done) {
            Answer page = staff.call("GET", Api.Service.CATALOG, "/v1/imports/" + id + "/records?limit=" + RECORDS_PAGE + "&after=" + after, null);
            if (page.ok()) {
                int last = after;
                for (JsonNode r : page.body().path("items")) {
                    Map<String, String> record = new HashMap<>();
                    String outcome = r.path("outcome").asText();
                    record.put("seq", String.valueOf(r.path("seq").asInt()));
                    record.put("reference", r.path("recordReference").asText(""));
                    record.put("isbn", r.path("isbn").asText(""));
                    record.put("outcome", m.getOrDefault("staff_outcome_" + outcome.toLowerCase(java.util.Locale.ROOT), outcome));
                    record.put("accepted", String.valueOf(outcome.equals("IMPORTED") || outcome.equals("UPDATED") || outcome.equals("WITHDRAWN")));
                    record.put("reason", r.path("reason").asText(""));
                    record.put("publicationId", r.path("publicationId").asText(""));
                    records.add(record);
                    last = r.path("seq").asInt();
                }
                if (page.body().path("next").isTextual()) {
                    next = "/staff/imports/onix/" + id + "?total=" + (total == null ? 0 : total) + "&after=" + last;
                }
            }
        }
        data.put("records", records);
        data.put("next", next);
        data.put("startedAt", j.path("startedAt").isTextual() ? visit.dateTime(Instant.parse(j.path("startedAt").asText())) : "");
        return data;
    }

    @POST
    @Path("odl")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response odl(@RestForm("file") FileUpload file, @RestForm("feedUrl") String feedUrl,
                        @RestForm("distributor") String distributor, @RestForm("reconcile") String reconcile) throws IOException {
        staff.require(true);
        boolean hasFile = file != null && file.uploadedFile() != null && Files.size(file.uploadedFile()) > 0;
        Answer started;
        String query = "?reconcile=" + (reconcile != null);
        if (hasFile) {
            if (distributor != null && !distributor.isBlank()) {
                query += "&distributor=" + URLEncoder.encode(distributor.strip(), StandardCharsets.UTF_8);
            }
            started = staff.send(Api.Service.LICENSE, "/v1/imports/odl/jobs" + query, "application/opds+json", Files.readAllBytes(file.uploadedFile()));
        } else if (feedUrl != null && !feedUrl.isBlank()) {
            Map<String, Object> body = new HashMap<>();
            body.put("feedUrl", feedUrl.strip());
            if (distributor != null && !distributor.isBlank()) {
                body.put("distributor", distributor.strip());
            }
            started = staff.call("POST", Api.Service.LICENSE, "/v1/imports/odl/jobs" + query, body);
        } else {
            return formsPage(visit.m().get("staff_import_no_feed"), 400);
        }
        if (!started.ok()) {
            return formsPage(String.join(" ", started.reasons()), started.status() >= 500 ? 502 : started.status());
        }
        return Response.seeOther(URI.create("/staff/imports/odl/" + started.body().path("id").asText())).build();
    }

    /** An ODL import job: its bar while it runs (htmx asks license-service's job every second), its report when done. */
    @GET
    @Path("odl/{id}")
    public Response odlJob(@PathParam("id") UUID id) {
        staff.require(true);
        Map<String, Object> data = StaffPages.page(visit, staff, visit.m().get("staff_odl_title"));
        data.putAll(odlProgress(id));
        return Response.ok(StaffPages.render(staffOdlReport, data)).build();
    }

    @GET
    @Path("odl/{id}/progress")
    public Response odlProgressFragment(@PathParam("id") UUID id) {
        staff.require(true);
        Map<String, Object> data = StaffPages.page(visit, staff, visit.m().get("staff_odl_title"));
        data.putAll(odlProgress(id));
        return Response.ok(StaffPages.render(staffOdlProgress, data)).build();
    }

    private Map<String, Object> odlProgress(UUID id) {
        Map<String, String> m = visit.m();
        Answer job = staff.call("GET", Api.Service.LICENSE, "/v1/imports/odl/jobs/" + id, null);
        if (!job.ok()) {
            throw new Api.Unavailable(Api.Service.LICENSE, new IllegalStateException("status " + job.status()));
        }
        JsonNode j = job.body();
        String state = j.path("state").asText();
        boolean done = state.equals("done");
        boolean failed = state.equals("failed");
        int processed = j.path("processed").asInt();
        int total = j.path("total").asInt(0);
        int max = Math.max(total, processed);
        int value = done ? max : Math.min(processed, max);
        int percent = done ? 100 : max == 0 ? 0 : (int) Math.floor(100.0 * value / max);
        Map<String, Object> data = new HashMap<>();
        data.put("id", id.toString());
        data.put("running", !done && !failed);
        data.put("done", done);
        data.put("failed", failed);
        data.put("max", max);
        data.put("value", value);
        data.put("percent", percent);
        data.put("status", m.getOrDefault("staff_odl_status_" + state, state));
        data.put("progressText", max == 0 ? visit.text("staff_odl_pages_read", visit.number(j.path("pages").asInt()))
                : visit.text("staff_odl_progress_text", visit.number(value), visit.number(max), percent));
        data.put("error", j.path("errorDetail").asText(""));
        JsonNode r = done ? j.path("report") : j;
        List<Map<String, String>> counts = new ArrayList<>();
        for (String outcome : List.of("imported", "updated", "unchanged", "rejected", "markedUnavailable")) {
            counts.add(Map.of("name", m.get("staff_odl_" + outcome), "count", visit.number(r.path(outcome).asLong())));
        }
        List<Map<String, String>> licences = new ArrayList<>();
        for (JsonNode l : done ? r.path("licences") : com.fasterxml.jackson.databind.node.MissingNode.getInstance()) {
            String result = l.path("result").asText();
            licences.add(Map.of("identifier", l.path("identifier").asText(""),
                    "result", m.getOrDefault("staff_odl_result_" + result, result),
                    "accepted", String.valueOf(!result.equals("rejected")),
                    "detail", l.path("detail").asText(""),
                    "publicationId", l.path("publicationId").asText("")));
        }
        data.put("counts", counts);
        data.put("licences", licences);
        data.put("complete", !done || r.path("complete").asBoolean(true));
        data.put("incomplete", r.path("incompleteDetail").asText(""));
        data.put("distributor", j.path("distributor").asText(""));
        return data;
    }
}
