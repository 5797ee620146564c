package fi.lainaamo.catalog.search;

import fi.lainaamo.platform.problem.Problem;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriBuilder;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Catalogue search for patrons and apps: words in Finnish, Swedish or English, facets, orders and pages. */
@Path("/v1/search")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Search")
public class SearchResource {

    /** The largest page a client may ask for. */
    public static final int MAX_PAGE = 100;

    @Inject
    SearchService search;

    @GET
    @PermitAll
    @Operation(operationId = "searchPublications", summary = "Search the catalogue", description = "Full-text search over title, subtitle, contributors, series, subjects and description, "
            + "stemmed by each publication's language (\"kirjastossa\" finds \"kirjasto\"), accents folded, with prefix and typo tolerance on titles and names. "
            + "When the words find nothing, the last word is tried as a prefix, then titles and names by similarity (typos). Withdrawn titles never appear. Facet counts cover all matches "
            + "with the filters applied; when thousands match, the total and the counts are estimated from a uniform sample of the catalogue (totalEstimated). "
            + "Without q every publication matches.")
    @APIResponse(responseCode = "200", description = "A page of results", content = @Content(schema = @Schema(implementation = SearchPage.class)))
    @APIResponse(responseCode = "400", description = "invalid-request (a parameter outside its values) or invalid-cursor", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SearchPage search(
            @QueryParam("q") @Size(max = 200) @Parameter(description = "Words to find; quotes for a phrase, - to exclude") String q,
            @QueryParam("format") @Pattern(regexp = "(?i)EBOOK|AUDIOBOOK") @Parameter(description = "EBOOK or AUDIOBOOK") String format,
            @QueryParam("language") @Pattern(regexp = "[a-zA-Z]{2,3}") @Parameter(description = "fin, swe, eng... (or fi, sv, en)") String language,
            @QueryParam("audience") @Pattern(regexp = "(?i)ADULT|TEEN|CHILDREN") @Parameter(description = "ADULT, TEEN or CHILDREN") String audience,
            @QueryParam("subject") @Size(max = 300) @Parameter(description = "A subject term as the subject facet lists it") String subject,
            @QueryParam("available") @Pattern(regexp = "true|false") @Parameter(description = "true: only titles with a copy free now; false: only titles without one") String available,
            @QueryParam("accessibility") @Size(max = 4) @Parameter(description = "Accessibility needs, repeatable, all must hold: screen-reader (the text alone suffices, accessModeSufficient textual), "
                    + "synchronised-audio (synchronizedAudioText), adjustable-text (displayTransformability), no-hazards (accessibilityHazard none)")
            List<@Pattern(regexp = SearchQuery.ACCESSIBILITY) String> accessibility,
            @QueryParam("sort") @DefaultValue("relevance") @Pattern(regexp = "relevance|title|newest|most-borrowed") @Parameter(description = "relevance, title, newest or most-borrowed") String sort,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(MAX_PAGE) @Parameter(description = "Page size, 1 to 100") int limit,
            @QueryParam("cursor") @Size(max = 100) @Parameter(description = "The cursor of the previous page's next link") String cursor) {
        SearchQuery query = new SearchQuery(q, format, language, audience, subject, available == null ? null : Boolean.valueOf(available), accessibility, SearchQuery.Sort.of(sort), limit,
                Cursors.offset(cursor));
        SearchService.Found found = search.find(query);
        SearchResult result = found.result();
        String next = null;
        if (result.more()) {
            UriBuilder uri = UriBuilder.fromPath("/v1/search");
            addIfPresent(uri, "q", q);
            addIfPresent(uri, "format", format);
            addIfPresent(uri, "language", language);
            addIfPresent(uri, "audience", audience);
            addIfPresent(uri, "subject", subject);
            addIfPresent(uri, "available", available);
            query.accessibility().forEach(a -> uri.queryParam("accessibility", a));
            uri.queryParam("sort", sort).queryParam("limit", limit).queryParam("cursor", Cursors.next(query.offset() + limit));
            next = uri.build().toString();
        }
        return new SearchPage(found.items(), result.total(), result.estimated(), result.facets(), next);
    }

    private static void addIfPresent(UriBuilder uri, String name, Object value) {
        if (value != null) {
            uri.queryParam(name, value);
        }
    }
}
