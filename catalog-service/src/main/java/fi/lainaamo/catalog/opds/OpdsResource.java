package fi.lainaamo.catalog.opds;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.lainaamo.catalog.publications.PublicationService;
import fi.lainaamo.catalog.publications.PublicationView;
import fi.lainaamo.catalog.search.SearchQuery;
import fi.lainaamo.catalog.search.SearchResult;
import fi.lainaamo.catalog.search.SearchService;
import fi.lainaamo.platform.problem.Problem;
import fi.lainaamo.platform.problem.ProblemException;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The public OPDS 2.0 catalogue for reader apps: a root with groups (new e-books, new audiobooks, by language),
 * paged publication feeds with facets, a templated search and publication documents with live availability and a
 * borrow link to loan-service. Withdrawn titles never appear. Shapes follow the official schemas (tested).
 */
@Path("/opds")
@PermitAll
@Tag(name = "OPDS")
public class OpdsResource {

    static final int GROUP_SIZE = 5;
    static final Map<String, String> LANGUAGES = Map.of("fi", "Suomeksi", "sv", "På svenska", "en", "In English", "other", "Muilla kielillä");

    @Inject
    SearchService search;

    @Inject
    PublicationService publications;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "lainaamo.loan-service.public-url")
    String loanServiceUrl;

    @ConfigProperty(name = "lainaamo.opds.authentication-document")
    String authenticationDocument;

    @GET
    @Produces(OpdsPublications.FEED_TYPE)
    @Operation(operationId = "getOpdsRoot", summary = "OPDS root", description = "Navigation and groups: new e-books, new audiobooks, Finnish, Swedish, English and other languages.")
    @APIResponse(responseCode = "200", description = "An OPDS 2.0 feed", content = @Content(mediaType = OpdsPublications.FEED_TYPE))
    public Response root() {
        Map<String, Object> feed = new LinkedHashMap<>();
        feed.put("metadata", Map.of("title", "Lainaamo"));
        feed.put("links", commonLinks("/opds"));
        List<Map<String, Object>> navigation = new ArrayList<>();
        navigation.add(navigation("/opds/new/ebooks", "Uudet e-kirjat"));
        navigation.add(navigation("/opds/new/audiobooks", "Uudet äänikirjat"));
        for (String language : List.of("fi", "sv", "en", "other")) {
            navigation.add(navigation("/opds/languages/" + language, LANGUAGES.get(language)));
        }
        navigation.add(navigation("/opds/publications", "Kaikki julkaisut"));
        feed.put("navigation", navigation);
        List<Map<String, Object>> groups = new ArrayList<>();
        group(groups, "Uudet e-kirjat", "/opds/new/ebooks", new SearchQuery(null, "EBOOK", null, null, null, null, null, SearchQuery.Sort.NEWEST, GROUP_SIZE, 0));
        group(groups, "Uudet äänikirjat", "/opds/new/audiobooks", new SearchQuery(null, "AUDIOBOOK", null, null, null, null, null, SearchQuery.Sort.NEWEST, GROUP_SIZE, 0));
        for (String language : List.of("fi", "sv", "en", "other")) {
            group(groups, LANGUAGES.get(language), "/opds/languages/" + language,
                    new SearchQuery(null, null, language, null, null, null, null, SearchQuery.Sort.NEWEST, GROUP_SIZE, 0));
        }
        if (!groups.isEmpty()) {
            feed.put("groups", groups);
        }
        return opds(feed, OpdsPublications.FEED_TYPE);
    }

    @GET
    @Path("/publications")
    @Produces(OpdsPublications.FEED_TYPE)
    @Operation(operationId = "getOpdsPublications", summary = "All publications, paged, with facets", description = "Facets: format, language, available now; numberOfItems per facet link.")
    @APIResponse(responseCode = "200", description = "An OPDS 2.0 feed", content = @Content(mediaType = OpdsPublications.FEED_TYPE))
    @APIResponse(responseCode = "400", description = "invalid-request", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response all(@QueryParam("format") @Pattern(regexp = "EBOOK|AUDIOBOOK") String format,
                        @QueryParam("language") @Pattern(regexp = "fi|sv|en|other") String language,
                        @QueryParam("available") Boolean available,
                        @QueryParam("page") @DefaultValue("1") @Min(1) @Max(200) @Parameter(description = "Page, from 1") int page,
                        @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(50) @Parameter(description = "Items per page, 1 to 50") int limit) {
        return feed("Kaikki julkaisut", "/opds/publications", null, format, language, available, SearchQuery.Sort.TITLE, page, limit);
    }

    @GET
    @Path("/new/{format: ebooks|audiobooks}")
    @Produces(OpdsPublications.FEED_TYPE)
    @Operation(operationId = "getOpdsNewestFeed", summary = "Newest e-books or audiobooks", description = "By publication date, newest first.")
    @APIResponse(responseCode = "200", description = "An OPDS 2.0 feed", content = @Content(mediaType = OpdsPublications.FEED_TYPE))
    public Response newest(@PathParam("format") String format,
                           @QueryParam("language") @Pattern(regexp = "fi|sv|en|other") String language,
                           @QueryParam("available") Boolean available,
                           @QueryParam("page") @DefaultValue("1") @Min(1) @Max(200) int page,
                           @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(50) int limit) {
        boolean ebooks = "ebooks".equals(format);
        return feed(ebooks ? "Uudet e-kirjat" : "Uudet äänikirjat", "/opds/new/" + format, null, ebooks ? "EBOOK" : "AUDIOBOOK",
                language, available, SearchQuery.Sort.NEWEST, page, limit);
    }

    @GET
    @Path("/languages/{language: fi|sv|en|other}")
    @Produces(OpdsPublications.FEED_TYPE)
    @Operation(operationId = "getOpdsLanguageFeed", summary = "Publications in one language", description = "fi, sv, en, or other (every other language).")
    @APIResponse(responseCode = "200", description = "An OPDS 2.0 feed", content = @Content(mediaType = OpdsPublications.FEED_TYPE))
    public Response language(@PathParam("language") String language,
                             @QueryParam("format") @Pattern(regexp = "EBOOK|AUDIOBOOK") String format,
                             @QueryParam("available") Boolean available,
                             @QueryParam("page") @DefaultValue("1") @Min(1) @Max(200) int page,
                             @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(50) int limit) {
        return feed(LANGUAGES.get(language), "/opds/languages/" + language, null, format, language, available,
                SearchQuery.Sort.NEWEST, page, limit);
    }

    @GET
    @Path("/search")
    @Produces(OpdsPublications.FEED_TYPE)
    @Operation(operationId = "searchOpds", summary = "Search (the target of the templated search link)", description = "Same search as /v1/search, as an OPDS feed.")
    @APIResponse(responseCode = "200", description = "An OPDS 2.0 feed", content = @Content(mediaType = OpdsPublications.FEED_TYPE))
    @APIResponse(responseCode = "400", description = "invalid-request", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response search(@QueryParam("query") @Size(max = 200) String query,
                           @QueryParam("format") @Pattern(regexp = "EBOOK|AUDIOBOOK") String format,
                           @QueryParam("language") @Pattern(regexp = "fi|sv|en|other") String language,
                           @QueryParam("available") Boolean available,
                           @QueryParam("page") @DefaultValue("1") @Min(1) @Max(200) int page,
                           @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(50) int limit) {
        return feed("Haku: " + (query == null ? "" : query), "/opds/search", query, format, language, available,
                SearchQuery.Sort.RELEVANCE, page, limit);
    }

    @GET
    @Path("/publications/{id}")
    @Produces(OpdsPublications.PUBLICATION_TYPE)
    @Operation(operationId = "getOpdsPublication", summary = "OPDS publication document", description = "With availability, copies, holds and the borrow link to loan-service. A withdrawn title is not found.")
    @APIResponse(responseCode = "200", description = "An OPDS 2.0 publication", content = @Content(mediaType = OpdsPublications.PUBLICATION_TYPE))
    @APIResponse(responseCode = "404", description = "publication-not-found", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response publication(@PathParam("id") UUID id) {
        PublicationView publication = publications.get(id);
        if ("WITHDRAWN".equals(publication.status())) {
            throw ProblemException.notFound("publication-not-found", id);
        }
        return opds(OpdsPublications.of(publication, loanServiceUrl), OpdsPublications.PUBLICATION_TYPE);
    }

    private Response feed(String title, String path, String q, String format, String language, Boolean available,
                          SearchQuery.Sort sort, int page, int limit) {
        SearchResult result = search.search(new SearchQuery(q, format, language, null, null, available, null, sort, limit, (page - 1) * limit));
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("query", q);
        params.put("format", format);
        params.put("language", path.startsWith("/opds/languages/") ? null : language);
        params.put("available", available);
        params.put("limit", limit);

        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("title", title);
        metadata.put("numberOfItems", result.total());
        metadata.put("itemsPerPage", limit);
        metadata.put("currentPage", page);
        Map<String, Object> feed = new LinkedHashMap<>();
        feed.put("metadata", metadata);
        List<Map<String, Object>> links = commonLinks(href(path, params, page));
        links.add(OpdsPublications.link("first", href(path, params, 1), OpdsPublications.FEED_TYPE));
        if (page > 1) {
            links.add(OpdsPublications.link("previous", href(path, params, page - 1), OpdsPublications.FEED_TYPE));
        }
        if (result.more()) {
            links.add(OpdsPublications.link("next", href(path, params, page + 1), OpdsPublications.FEED_TYPE));
        }
        long lastPage = Math.max(1, Math.min(200, (result.total() + limit - 1) / limit));
        links.add(OpdsPublications.link("last", href(path, params, (int) lastPage), OpdsPublications.FEED_TYPE));
        feed.put("links", links);
        feed.put("facets", facets(path, params, result, format, language, available));
        List<Map<String, Object>> items = publications.views(result.ids()).stream()
                .map(p -> OpdsPublications.of(p, loanServiceUrl)).toList();
        if (items.isEmpty()) {
            // the schema wants one of publications, navigation or groups, each non-empty: offer the way back
            feed.put("navigation", List.of(navigation("/opds", "Lainaamo")));
        } else {
            feed.put("publications", items);
        }
        return opds(feed, OpdsPublications.FEED_TYPE);
    }

    private List<Map<String, Object>> facets(String path, Map<String, Object> params, SearchResult result, String format,
                                             String language, Boolean available) {
        List<Map<String, Object>> facets = new ArrayList<>();
        List<Map<String, Object>> formats = new ArrayList<>();
        for (String f : List.of("EBOOK", "AUDIOBOOK")) {
            Map<String, Object> p = new LinkedHashMap<>(params);
            p.put("format", f);
            formats.add(facet(href(path, p, 1), f.equals("EBOOK") ? "E-kirjat" : "Äänikirjat", f.equals(format), count(result, "format", f)));
        }
        facets.add(Map.of("metadata", Map.of("title", "Muoto"), "links", formats));
        if (!path.startsWith("/opds/languages/")) {
            List<Map<String, Object>> languages = new ArrayList<>();
            for (String l : List.of("fi", "sv", "en")) {
                Map<String, Object> p = new LinkedHashMap<>(params);
                p.put("language", l);
                languages.add(facet(href(path, p, 1), LANGUAGES.get(l), l.equals(language),
                        count(result, "language", fi.lainaamo.catalog.publications.LanguageCodes.toIso639B(l))));
            }
            facets.add(Map.of("metadata", Map.of("title", "Kieli"), "links", languages));
        }
        Map<String, Object> p = new LinkedHashMap<>(params);
        p.put("available", true);
        facets.add(Map.of("metadata", Map.of("title", "Saatavuus"), "links",
                List.of(facet(href(path, p, 1), "Lainattavissa heti", Boolean.TRUE.equals(available), count(result, "available", "true")))));
        return facets;
    }

    private static long count(SearchResult result, String facet, String value) {
        return result.facets().getOrDefault(facet, List.of()).stream().filter(c -> value.equals(c.value()))
                .mapToLong(SearchResult.FacetCount::count).sum();
    }

    private static Map<String, Object> facet(String href, String title, boolean active, long count) {
        Map<String, Object> link = OpdsPublications.link(active ? "self" : null, href, OpdsPublications.FEED_TYPE);
        link.put("title", title);
        link.put("properties", Map.of("numberOfItems", count));
        return link;
    }

    private List<Map<String, Object>> commonLinks(String self) {
        List<Map<String, Object>> links = new ArrayList<>();
        links.add(OpdsPublications.link("self", self, OpdsPublications.FEED_TYPE));
        links.add(OpdsPublications.link("start", "/opds", OpdsPublications.FEED_TYPE));
        Map<String, Object> search = OpdsPublications.link("search", "/opds/search{?query}", OpdsPublications.FEED_TYPE);
        search.put("templated", true);
        links.add(search);
        links.add(OpdsPublications.link("http://opds-spec.org/auth/document", authenticationDocument, "application/opds-authentication+json"));
        return links;
    }

    private void group(List<Map<String, Object>> groups, String title, String path, SearchQuery query) {
        SearchResult result = search.search(query);
        if (result.ids().isEmpty()) {
            return; // the schema does not allow an empty group
        }
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("metadata", Map.of("title", title, "numberOfItems", result.total()));
        group.put("links", List.of(OpdsPublications.link("self", path, OpdsPublications.FEED_TYPE)));
        group.put("publications", publications.views(result.ids()).stream().map(p -> OpdsPublications.of(p, loanServiceUrl)).toList());
        groups.add(group);
    }

    private static Map<String, Object> navigation(String href, String title) {
        Map<String, Object> link = OpdsPublications.link(null, href, OpdsPublications.FEED_TYPE);
        link.put("title", title);
        return link;
    }

    private static String href(String path, Map<String, Object> params, int page) {
        UriBuilder uri = UriBuilder.fromPath(path);
        params.forEach((name, value) -> {
            if (value != null) {
                uri.queryParam(name, value);
            }
        });
        return uri.queryParam("page", page).build().toString();
    }

    private Response opds(Map<String, Object> body, String type) {
        try {
            return Response.ok(json.writeValueAsString(body), type).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("OPDS document cannot be written", e);
        }
    }
}
