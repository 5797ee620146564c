package fi.lainaamo.web.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import fi.lainaamo.web.api.Answer;
import fi.lainaamo.web.api.Api;
import fi.lainaamo.web.session.Visit;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
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
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The front page, search results and a title's page with the buttons its state allows. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
@Blocking
public class CatalogPages {

    /** Refusals a hold answers: the patron may wait in the queue instead. */
    private static final Set<String> HOLD_HELPS = Set.of("no-free-copy", "people-waiting");
    /** Refusals a hold would meet as well. */
    private static final Set<String> HOLD_DOES_NOT_HELP = Set.of("patron-blocked", "library-not-member", "no-licence-left",
            "no-licence", "already-on-loan");
    private static final int PAGE = 20;
    /** The catalogue's facets the results page offers, each value a link that narrows (or widens again). */
    private static final List<String> FACETS = List.of("format", "language", "audience", "subject", "available", "accessibility");
    private static final List<String> SORTS = List.of("relevance", "title", "newest", "most-borrowed");
    /** The front page's lanes, each a search: new, most borrowed, available now, in Finnish, in Swedish. */
    private static final Map<String, String> LANES = new java.util.LinkedHashMap<>(Map.of());
    private static final int LANE_SIZE = 6;

    static {
        LANES.put("new", "sort=newest");
        LANES.put("most-borrowed", "sort=most-borrowed");
        LANES.put("available", "available=true&sort=most-borrowed");
        LANES.put("finnish", "language=fin&sort=newest");
        LANES.put("swedish", "language=swe&sort=newest");
    }

    @Inject
    Visit visit;
    @Inject
    Api api;
    @Inject
    Template front;
    @Inject
    Template search;
    @Inject
    Template title;
    @Inject
    Template suggestions;

    @GET
    public TemplateInstance front(@QueryParam("done") String done) {
        Map<String, String> m = visit.m();
        List<Map<String, Object>> lanes = new ArrayList<>();
        for (Map.Entry<String, String> lane : LANES.entrySet()) {
            // a lane is a search the patron could make: its heading links to the whole list
            Answer found;
            try {
                found = api.get(Api.Service.CATALOG, "/v1/search?" + lane.getValue() + "&limit=" + LANE_SIZE, null, visit.locale());
            } catch (Api.Unavailable e) {
                break; // the catalogue does not answer: the front page still offers the search box
            }
            if (!found.ok() || found.body().path("items").isEmpty()) {
                continue; // an empty or unanswered lane is left out; the page still serves its search box
            }
            List<TitleView> items = new ArrayList<>();
            found.body().path("items").forEach(p -> items.add(TitleView.of(p, visit)));
            lanes.add(Map.of("key", lane.getKey(), "label", m.get("lane_" + lane.getKey().replace('-', '_')),
                    "href", "/search?" + lane.getValue(), "items", items));
        }
        return front.data("frame", visit.frame(m.get("front_title"))).data("m", m).data("lanes", lanes)
                .data("done", done == null ? null : m.get("done_" + done.replace('-', '_')));
    }

    /**
     * Suggestions for the search box as the patron types: the titles the catalogue finds for the words so far (it
     * tries the last word as a prefix, then similar titles and names), as the options of the box's datalist.
     */
    @GET
    @Path("suggestions")
    public TemplateInstance suggestions(@QueryParam("q") String q) {
        List<String> titles = new ArrayList<>();
        String words = q == null ? "" : q.strip();
        if (words.length() >= 2 && words.length() <= 200) {
            Answer found;
            try {
                found = api.get(Api.Service.CATALOG, "/v1/search" + query(Map.of("q", words, "limit", "6")), null, visit.locale());
            } catch (Api.Unavailable e) {
                found = null; // no suggestions; the search itself will say the catalogue is away
            }
            if (found != null && found.ok()) {
                found.body().path("items").forEach(p -> {
                    String title = p.path("title").asText("");
                    if (!title.isBlank() && !titles.contains(title)) {
                        titles.add(title);
                    }
                });
            }
        }
        return suggestions.data("titles", titles);
    }

    @GET
    @Path("search")
    public Response search(@QueryParam("q") String q, @QueryParam("format") String format,
                           @QueryParam("language") String language, @QueryParam("audience") String audience,
                           @QueryParam("subject") String subject, @QueryParam("available") String available,
                           @QueryParam("accessibility") String accessibility,
                           @QueryParam("sort") String sort, @QueryParam("cursor") String cursor) {
        Map<String, String> filters = new LinkedHashMap<>();
        put(filters, "q", q);
        put(filters, "format", format);
        put(filters, "language", language);
        put(filters, "audience", audience);
        put(filters, "subject", subject);
        put(filters, "available", available);
        put(filters, "accessibility", accessibility);
        put(filters, "sort", sort);
        Map<String, String> call = new LinkedHashMap<>(filters);
        call.put("limit", String.valueOf(PAGE));
        put(call, "cursor", cursor);
        Answer found = api.get(Api.Service.CATALOG, "/v1/search" + query(call), null, visit.locale());
        Map<String, String> m = visit.m();
        if (!found.ok()) {
            return Response.status(found.status() >= 500 ? 502 : 400).entity(search.data("frame", visit.frame(m.get("search_title")))
                    .data("m", m).data("q", q == null ? "" : q).data("problem", found.detail()).data("items", List.of())
                    .data("summary", "").data("facets", List.of()).data("sorts", List.of()).data("next", null).data("first", null)).build();
        }
        List<TitleView> items = new ArrayList<>();
        found.body().path("items").forEach(p -> items.add(TitleView.of(p, visit)));
        long total = found.body().path("total").asLong();
        String summary = total == 0 ? m.get("search_none")
                : visit.text(found.body().path("totalEstimated").asBoolean() ? "search_total_about" : "search_total",
                total);
        List<Map<String, Object>> facets = new ArrayList<>();
        for (String facet : FACETS) {
            List<Map<String, Object>> values = new ArrayList<>();
            for (JsonNode value : found.body().path("facets").path(facet)) {
                String code = value.path("value").asText();
                boolean chosen = code.equalsIgnoreCase(filters.getOrDefault(facet, ""));
                Map<String, String> link = new LinkedHashMap<>(filters);
                if (chosen) {
                    link.remove(facet);
                } else {
                    link.put(facet, code);
                }
                String name = facet.equals("language") ? TitleView.languageName(code, visit.locale())
                        : m.getOrDefault(facet + "_" + code.replace('-', '_'), code);
                values.add(Map.of("name", name, "count", visit.number(value.path("count").asLong()),
                        "href", "/search" + query(link), "chosen", chosen));
            }
            if (!values.isEmpty()) {
                facets.add(Map.of("label", m.get("facet_" + facet), "options", values));
            }
        }
        String next = null;
        String nextApi = found.body().path("next").asText(null);
        if (nextApi != null && nextApi.contains("cursor=")) {
            Map<String, String> link = new LinkedHashMap<>(filters);
            link.put("cursor", param(nextApi, "cursor"));
            next = "/search" + query(link);
        }
        List<Map<String, Object>> sorts = new ArrayList<>();
        for (String order : SORTS) {
            Map<String, String> link = new LinkedHashMap<>(filters);
            link.put("sort", order);
            sorts.add(Map.of("name", m.get("sort_" + order.replace('-', '_')), "href", "/search" + query(link),
                    "chosen", order.equals(filters.getOrDefault("sort", "relevance"))));
        }
        String first = cursor == null || cursor.isBlank() ? null : "/search" + query(filters);
        String heading = q == null || q.isBlank() ? m.get("search_title") : visit.text("search_title_for", q);
        return Response.ok(search.data("frame", visit.frame(heading)).data("m", m).data("q", q == null ? "" : q)
                .data("problem", null).data("items", items).data("summary", summary).data("facets", facets)
                .data("sorts", sorts).data("next", next).data("first", first)).build();
    }

    @GET
    @Path("titles/{id}")
    public Response title(@PathParam("id") UUID id, @QueryParam("done") String done) {
        return titlePage(id, done, List.of(), 200);
    }

    @POST
    @Path("titles/{id}/borrow")
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response borrow(@PathParam("id") UUID id) {
        Answer borrowed = visit.asPatron("POST", Api.Service.LOAN, "/v1/loans", Map.of("publicationId", id.toString()));
        if (borrowed.ok()) {
            return seeOther("/titles/" + id + "?done=borrowed");
        }
        return titlePage(id, null, borrowed.reasons(), borrowed.status());
    }

    @POST
    @Path("titles/{id}/hold")
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response placeHold(@PathParam("id") UUID id) {
        Answer placed = visit.asPatron("POST", Api.Service.LOAN, "/v1/holds", Map.of("publicationId", id.toString()));
        if (placed.ok()) {
            return seeOther("/titles/" + id + "?done=hold-placed");
        }
        return titlePage(id, null, placed.reasons(), placed.status());
    }

    /** The title's page; {@code problems}: what the last action was refused for, every reason, in words. */
    Response titlePage(UUID id, String done, List<String> problems, int status) {
        Map<String, String> m = visit.m();
        Answer publication = api.get(Api.Service.CATALOG, "/v1/publications/" + id, null, visit.locale());
        if (publication.status() == 404) {
            return Response.status(404).entity(title.data("frame", visit.frame(m.get("title_missing"))).data("m", m)
                    .data("t", null).data("access", List.of()).data("accessSummary", "").data("state", Map.of()).data("done", null).data("problems", List.of(publication.detail()))).build();
        }
        if (!publication.ok()) {
            throw new Api.Unavailable(Api.Service.CATALOG, new IllegalStateException("status " + publication.status()));
        }
        TitleView t = TitleView.of(publication.body(), visit);
        List<String> access = accessibility(publication.body().path("accessibility"), m);
        String accessSummary = publication.body().path("accessibility").path("summary").asText("");
        Map<String, Object> state = new LinkedHashMap<>();
        if (visit.signedIn()) {
            state.putAll(patronState(id));
        }
        String doneText = done == null ? null : m.get("done_" + done.replace('-', '_'));
        return Response.status(status).entity(title.data("frame", visit.frame(t.title())).data("m", m).data("t", t)
                .data("access", access).data("accessSummary", accessSummary).data("state", state).data("done", doneText).data("problems", problems)).build();
    }

    /** What the signed-in patron may do with the title: their loan, their hold, or what a borrow would answer. */
    private Map<String, Object> patronState(UUID id) {
        Map<String, Object> state = new LinkedHashMap<>();
        Answer shelf = visit.asPatron("GET", Api.Service.LOAN, "/v1/shelf", null);
        if (!shelf.ok()) {
            throw new Api.Unavailable(Api.Service.LOAN, new IllegalStateException("status " + shelf.status()));
        }
        for (JsonNode loan : shelf.body().path("loans")) {
            if (loan.path("publicationId").asText().equals(id.toString()) && loan.path("state").asText().equals("active")) {
                state.put("loanId", loan.path("id").asText());
                state.put("dueText", visit.text("loan_due", visit.date(java.time.Instant.parse(loan.path("dueAt").asText()))));
                return state;
            }
        }
        for (JsonNode hold : shelf.body().path("holds")) {
            if (hold.path("publicationId").asText().equals(id.toString())) {
                String holdState = hold.path("state").asText();
                state.put("holdId", hold.path("id").asText());
                state.put("holdState", holdState);
                // "deliver later": through a day from tomorrow to 180 days ahead, two weeks offered (as on the shelf)
                java.time.LocalDate today = java.time.LocalDate.now(Visit.ZONE);
                state.put("suspendDefault", today.plusDays(14).toString());
                state.put("suspendMin", today.plusDays(1).toString());
                state.put("suspendMax", today.plusDays(180).toString());
                state.put("holdText", HoldTexts.describe(hold, visit));
                if (holdState.equals("ready")) {
                    state.put("canBorrow", true);
                }
                return state;
            }
        }
        Answer dryRun = visit.asPatron("POST", Api.Service.LOAN, "/v1/loans/dry-run", Map.of("publicationId", id.toString()));
        if (!dryRun.ok()) {
            throw new Api.Unavailable(Api.Service.LOAN, new IllegalStateException("status " + dryRun.status()));
        }
        if (dryRun.body().path("borrowable").asBoolean()) {
            state.put("canBorrow", true);
            return state;
        }
        List<String> reasons = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        for (JsonNode reason : dryRun.body().path("reasons")) {
            codes.add(reason.path("code").asText());
            String text = reason.path("detail").asText("");
            reasons.add(text.isBlank() ? reason.path("title").asText(reason.path("code").asText()) : text);
        }
        state.put("reasons", reasons);
        if (codes.stream().anyMatch(HOLD_HELPS::contains) && codes.stream().noneMatch(HOLD_DOES_NOT_HELP::contains)) {
            state.put("canHold", true);
        }
        return state;
    }

    /**
     * What the publication's schema.org accessibility metadata means for a reader, in words: the same four needs the
     * catalogue's search filters by (catalog-service V7 migration), each named only when the metadata says so.
     */
    static List<String> accessibility(JsonNode a, Map<String, String> m) {
        List<String> out = new ArrayList<>();
        if (!a.isObject()) {
            return out;
        }
        if (has(a.path("accessModesSufficient"), "textual")) {
            out.add(m.get("accessibility_screen_reader"));
        }
        if (has(a.path("features"), "synchronizedAudioText")) {
            out.add(m.get("accessibility_synchronised_audio"));
        }
        if (has(a.path("features"), "displayTransformability")) {
            out.add(m.get("accessibility_adjustable_text"));
        }
        JsonNode hazards = a.path("hazards");
        if (has(hazards, "none") || (has(hazards, "noFlashingHazard") && has(hazards, "noMotionSimulationHazard")
                && has(hazards, "noSoundHazard"))) {
            out.add(m.get("accessibility_no_hazards"));
        }
        return out;
    }

    private static boolean has(JsonNode list, String value) {
        for (JsonNode v : list) {
            if (value.equals(v.asText())) {
                return true;
            }
        }
        return false;
    }

    static Response seeOther(String path) {
        return Response.seeOther(URI.create(path)).build();
    }

    private static void put(Map<String, String> map, String key, String value) {
        if (value != null && !value.isBlank()) {
            map.put(key, value);
        }
    }

    static String query(Map<String, String> params) {
        if (params.isEmpty()) {
            return "";
        }
        StringBuilder query = new StringBuilder();
        params.forEach((k, v) -> query.append(query.isEmpty() ? "?" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return query.toString();
    }

    private static String param(String link, String name) {
        for (String pair : link.substring(link.indexOf('?') + 1).split("&")) {
            if (pair.startsWith(name + "=")) {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
