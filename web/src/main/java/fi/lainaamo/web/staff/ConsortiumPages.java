package fi.lainaamo.web.staff;

import com.fasterxml.jackson.databind.JsonNode;
import fi.lainaamo.web.api.Answer;
import fi.lainaamo.web.api.Api;
import fi.lainaamo.web.session.Visit;
import io.quarkus.qute.Template;
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
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The consortium admin's pages: libraries and the municipalities they serve (join with a date, add a municipality,
 * leave), partner apps (list; register, the secret shown once), and licences to act on (expiring, nearly exhausted,
 * re-purchase signals). Everything goes through patron-service's and license-service's admin APIs.
 */
@Path("/staff")
@Produces(MediaType.TEXT_HTML)
@Blocking
public class ConsortiumPages {

    static final List<String> SCOPES = List.of("catalogue:read", "loans:read-own-library", "reports:read-own-library", "reports:publisher",
            "webhooks:manage", "licences:read");

    @Inject
    Visit visit;
    @Inject
    StaffSession staff;
    @Inject
    Template staffLibraries;
    @Inject
    Template staffApps;
    @Inject
    Template staffLicences;

    // ---- libraries

    @GET
    @Path("libraries")
    public Response libraries(@QueryParam("done") String done) {
        return librariesPage(done == null ? null : visit.m().get("staff_done_" + done.replace('-', '_')), null, Map.of(), 200);
    }

    private Response librariesPage(String done, String problem, Map<String, String> form, int status) {
        staff.require(true);
        Map<String, Object> data = StaffPages.page(visit, staff, visit.m().get("staff_libraries_title"));
        data.put("libraries", libraryList());
        data.put("done", done);
        data.put("problem", problem);
        data.put("form", form);
        data.put("today", LocalDate.now(Visit.ZONE).toString());
        return Response.status(status).entity(StaffPages.render(staffLibraries, data)).build();
    }

    private List<Map<String, Object>> libraryList() {
        Answer list = staff.call("GET", Api.Service.PATRON, "/v1/libraries", null);
        if (!list.ok()) {
            throw new Api.Unavailable(Api.Service.PATRON, new IllegalStateException("status " + list.status()));
        }
        String lang = visit.lang();
        List<Map<String, Object>> libraries = new ArrayList<>();
        for (JsonNode l : list.body()) {
            Map<String, Object> library = new HashMap<>();
            library.put("id", l.path("id").asText());
            String name = l.path("names").path(lang).asText("");
            library.put("name", name.isBlank() ? l.path("names").path("fi").asText() : name);
            List<String> codes = new ArrayList<>();
            l.path("municipalities").forEach(c -> codes.add(c.asText()));
            library.put("municipalities", String.join(", ", codes));
            library.put("status", visit.m().getOrDefault("staff_library_status_" + l.path("status").asText(), l.path("status").asText()));
            library.put("joinDate", l.path("joinDate").isTextual() ? visit.date(LocalDate.parse(l.path("joinDate").asText())) : "");
            library.put("leftOn", l.path("leftOn").isTextual() ? visit.date(LocalDate.parse(l.path("leftOn").asText())) : "");
            library.put("left", l.path("leftOn").isTextual());
            libraries.add(library);
        }
        return libraries;
    }

    private static List<String> codes(String text) {
        return text == null ? List.of() : new ArrayList<>(new LinkedHashSet<>(Arrays.stream(text.split("[\\s,;]+")).filter(c -> !c.isBlank()).toList()));
    }

    @POST
    @Path("libraries")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response join(@FormParam("nameFi") String nameFi, @FormParam("nameSv") String nameSv, @FormParam("nameEn") String nameEn,
                         @FormParam("municipalities") String municipalities, @FormParam("joinDate") String joinDate) {
        staff.require(true);
        Map<String, String> form = new HashMap<>();
        form.put("nameFi", nameFi == null ? "" : nameFi);
        form.put("nameSv", nameSv == null ? "" : nameSv);
        form.put("nameEn", nameEn == null ? "" : nameEn);
        form.put("municipalities", municipalities == null ? "" : municipalities);
        form.put("joinDate", joinDate == null ? "" : joinDate);
        Map<String, Object> names = new LinkedHashMap<>();
        names.put("fi", nameFi == null ? "" : nameFi.strip());
        if (nameSv != null && !nameSv.isBlank()) {
            names.put("sv", nameSv.strip());
        }
        if (nameEn != null && !nameEn.isBlank()) {
            names.put("en", nameEn.strip());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("names", names);
        body.put("municipalities", codes(municipalities));
        if (joinDate != null && !joinDate.isBlank()) {
            if (!isDate(joinDate)) {
                return librariesPage(null, visit.m().get("staff_date_invalid"), form, 400);
            }
            body.put("joinDate", joinDate.strip());
        }
        Answer joined = staff.call("POST", Api.Service.PATRON, "/v1/libraries", body);
        if (!joined.ok()) {
            return librariesPage(null, String.join(" ", joined.reasons()), form, joined.status() >= 500 ? 502 : joined.status());
        }
        return Response.seeOther(URI.create("/staff/libraries?done=library-joined")).build();
    }

    @POST
    @Path("libraries/{id}/municipalities")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response addMunicipality(@PathParam("id") UUID id, @FormParam("municipality") String municipality,
                                    @FormParam("move") String move) {
        staff.require(true);
        Answer library = staff.call("GET", Api.Service.PATRON, "/v1/libraries/" + id, null);
        if (!library.ok()) {
            return librariesPage(null, library.detail(), Map.of(), library.status() >= 500 ? 502 : library.status());
        }
        List<String> now = new ArrayList<>();
        library.body().path("municipalities").forEach(c -> now.add(c.asText()));
        for (String code : codes(municipality)) {
            if (!now.contains(code)) {
                now.add(code);
            }
        }
        Answer changed = staff.call("PUT", Api.Service.PATRON, "/v1/libraries/" + id + "/municipalities",
                Map.of("municipalities", now, "moveFromOtherLibraries", move != null));
        if (!changed.ok()) {
            return librariesPage(null, String.join(" ", changed.reasons()), Map.of(), changed.status() >= 500 ? 502 : changed.status());
        }
        return Response.seeOther(URI.create("/staff/libraries?done=municipality-added")).build();
    }

    @POST
    @Path("libraries/{id}/leave")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response leave(@PathParam("id") UUID id, @FormParam("leftOn") String leftOn) {
        staff.require(true);
        Map<String, Object> body = new HashMap<>();
        if (leftOn != null && !leftOn.isBlank()) {
            if (!isDate(leftOn)) {
                return librariesPage(null, visit.m().get("staff_date_invalid"), Map.of(), 400);
            }
            body.put("leftOn", leftOn.strip());
        }
        Answer left = staff.call("POST", Api.Service.PATRON, "/v1/libraries/" + id + "/leave", body);
        if (!left.ok()) {
            return librariesPage(null, String.join(" ", left.reasons()), Map.of(), left.status() >= 500 ? 502 : left.status());
        }
        return Response.seeOther(URI.create("/staff/libraries?done=library-left")).build();
    }

    private static boolean isDate(String text) {
        try {
            LocalDate.parse(text.strip());
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    // ---- partner apps

    @GET
    @Path("apps")
    public Response apps() {
        return appsPage(null, null, 200);
    }

    private Response appsPage(Map<String, Object> registered, String problem, int status) {
        staff.require(true);
        Map<String, String> m = visit.m();
        Map<String, Object> data = StaffPages.page(visit, staff, m.get("staff_apps_title"));
        Answer list = staff.call("GET", Api.Service.PATRON, "/v1/partner-apps", null);
        List<Map<String, Object>> apps = new ArrayList<>();
        Map<String, String> libraryNames = new HashMap<>();
        libraryList().forEach(l -> libraryNames.put((String) l.get("id"), (String) l.get("name")));
        if (list.ok()) {
            for (JsonNode a : list.body()) {
                Map<String, Object> app = new HashMap<>();
                app.put("clientId", a.path("clientId").asText());
                app.put("name", a.path("name").asText());
                List<String> scopes = new ArrayList<>();
                a.path("scopes").forEach(s -> scopes.add(s.asText()));
                app.put("scopes", String.join(", ", scopes));
                app.put("library", libraryNames.getOrDefault(a.path("libraryId").asText(""), ""));
                app.put("publisher", a.path("publisher").asText(""));
                app.put("createdAt", a.path("createdAt").isTextual() ? visit.date(Instant.parse(a.path("createdAt").asText())) : "");
                app.put("revoked", a.path("revokedAt").isTextual());
                apps.add(app);
            }
        }
        List<Map<String, String>> libraries = new ArrayList<>();
        libraryNames.forEach((id, name) -> libraries.add(Map.of("id", id, "name", name)));
        libraries.sort((a, b) -> a.get("name").compareTo(b.get("name")));
        data.put("apps", apps);
        data.put("appsProblem", list.ok() ? null : list.detail());
        data.put("libraries", libraries);
        data.put("scopes", SCOPES);
        data.put("registered", registered);
        data.put("problem", problem);
        return Response.status(status).entity(StaffPages.render(staffApps, data)).build();
    }

    @POST
    @Path("apps")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response register(@FormParam("name") String name, @FormParam("scope") List<String> scopes, @FormParam("libraryId") String libraryId,
                             @FormParam("publisher") String publisher) {
        staff.require(true);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name == null ? "" : name.strip());
        body.put("scopes", scopes == null ? List.of() : scopes);
        if (libraryId != null && !libraryId.isBlank()) {
            body.put("libraryId", libraryId);
        }
        if (publisher != null && !publisher.isBlank()) {
            body.put("publisher", publisher.strip()); // patron-service says when it is missing or not wanted (reports:publisher)
        }
        if (name == null || name.isBlank() || scopes == null || scopes.isEmpty()) {
            return appsPage(null, visit.m().get("staff_app_missing"), 400);
        }
        Answer registered = staff.call("POST", Api.Service.PATRON, "/v1/partner-apps", body);
        if (!registered.ok()) {
            return appsPage(null, String.join(" ", registered.reasons()), registered.status() >= 500 ? 502 : registered.status());
        }
        // the secret is shown on this one answer only: it is not kept anywhere, not even here
        return appsPage(Map.of("clientId", registered.body().path("clientId").asText(),
                "clientSecret", registered.body().path("clientSecret").asText(),
                "name", registered.body().path("name").asText()), null, 201);
    }

    // ---- licences

    @GET
    @Path("licences")
    public Response licences(@QueryParam("within") String within, @QueryParam("left") Integer left) {
        staff.require(false);
        Map<String, String> m = visit.m();
        int days = within == null || !within.matches("\\d{1,3}") ? 30 : Integer.parseInt(within);
        int checkoutsLeft = left == null || left < 0 || left > 1000 ? 5 : left;
        Map<String, Object> data = StaffPages.page(visit, staff, m.get("staff_licences_title"));
        Map<String, String> titles = new HashMap<>();
        List<Map<String, String>> expiring = new ArrayList<>();
        Answer e = staff.call("GET", Api.Service.LICENSE, "/v1/licences/expiring?within=P" + days + "D&limit=50", null);
        for (JsonNode l : e.ok() ? e.body() : List.<JsonNode>of()) {
            expiring.add(licence(l, titles));
        }
        List<Map<String, String>> exhausted = new ArrayList<>();
        Answer x = staff.call("GET", Api.Service.LICENSE, "/v1/licences/nearly-exhausted?checkoutsLeftAtMost=" + checkoutsLeft + "&limit=50", null);
        for (JsonNode l : x.ok() ? x.body() : List.<JsonNode>of()) {
            exhausted.add(licence(l, titles));
        }
        List<Map<String, String>> signals = new ArrayList<>();
        Answer r = staff.call("GET", Api.Service.LICENSE, "/v1/repurchase-signals?limit=50", null);
        for (JsonNode s : r.ok() ? r.body() : List.<JsonNode>of()) {
            Map<String, String> signal = new HashMap<>();
            String pub = s.path("publicationId").asText();
            signal.put("publicationId", pub);
            signal.put("title", title(pub, titles));
            signal.put("holdsWaiting", visit.number(s.path("holdsWaiting").asLong()));
            signal.put("seatsTotal", visit.number(s.path("seatsTotal").asLong()));
            signal.put("perSeat", s.path("holdsPerSeat").isNumber()
                    ? java.text.NumberFormat.getNumberInstance(visit.locale()).format(s.path("holdsPerSeat").asDouble()) : "–");
            signals.add(signal);
        }
        List<String> problems = new ArrayList<>();
        for (Answer a : List.of(e, x, r)) {
            if (!a.ok()) {
                problems.add(a.detail());
            }
        }
        data.put("within", days);
        data.put("left", checkoutsLeft);
        data.put("expiring", expiring);
        data.put("exhausted", exhausted);
        data.put("signals", signals);
        data.put("problems", problems);
        return Response.ok(StaffPages.render(staffLicences, data)).build();
    }

    private Map<String, String> licence(JsonNode l, Map<String, String> titles) {
        Map<String, String> licence = new HashMap<>();
        String pub = l.path("publicationId").asText();
        licence.put("publicationId", pub);
        licence.put("title", title(pub, titles));
        licence.put("distributor", l.path("distributor").asText(""));
        licence.put("expires", l.path("expires").isTextual() ? visit.date(Instant.parse(l.path("expires").asText())) : "–");
        licence.put("checkoutsLeft", l.path("checkoutsLeft").isNumber() ? visit.number(l.path("checkoutsLeft").asLong()) : "–");
        licence.put("checkoutsTotal", l.path("checkoutsTotal").isNumber() ? visit.number(l.path("checkoutsTotal").asLong()) : "–");
        licence.put("seatsTaken", visit.number(l.path("seatsTaken").asLong()));
        licence.put("concurrency", l.path("concurrency").isNumber() ? visit.number(l.path("concurrency").asLong()) : "∞");
        return licence;
    }

    /** The title's name from the catalogue (once per page for each title); its id when the catalogue has none. */
    private String title(String publicationId, Map<String, String> titles) {
        return titles.computeIfAbsent(publicationId, id -> {
            Answer p = staff.call("GET", Api.Service.CATALOG, "/v1/publications/" + id, null);
            return p.ok() ? p.body().path("title").asText(id) : id;
        });
    }
}
