package fi.lainaamo.loan.shelf;

import fi.lainaamo.loan.holds.Hold;
import fi.lainaamo.loan.holds.HoldService;
import fi.lainaamo.loan.holds.HoldView;
import fi.lainaamo.loan.loans.LoanService;
import fi.lainaamo.loan.loans.LoanView;
import fi.lainaamo.loan.status.StatusDocuments;
import fi.lainaamo.loan.titles.Title;
import fi.lainaamo.platform.problem.Messages;
import fi.lainaamo.platform.security.Caller;
import fi.lainaamo.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The patron's shelf as an OPDS 2.0 feed for reader apps. */
@Path("/opds/shelf")
@RolesAllowed(Roles.PATRON)
@Tag(name = "Shelf")
public class OpdsShelfResource {

    public static final String OPDS = "application/opds+json";

    @Inject
    LoanService loans;

    @Inject
    HoldService holds;

    @Inject
    Caller caller;

    @Context
    HttpHeaders headers;

    @Context
    UriInfo uri;

    @ConfigProperty(name = "lainaamo.opds.catalog-url")
    String catalogUrl;

    @GET
    @Produces(OPDS)
    @Transactional
    @Operation(operationId = "getOpdsShelf", summary = "My shelf as an OPDS 2.0 feed", description = "Loans (availability available, until the due date) and holds "
            + "(reserved with holds.position, or ready until the window ends), with copies and holds totals, for reader apps.")
    public Response opds() {
        Locale locale = Messages.locale(headers);
        URI base = uri.getBaseUri();
        List<Map<String, Object>> publications = new ArrayList<>();
        for (LoanView loan : loans.ofPatron(caller.patronId(), true)) {
            Title title = Title.findById(loan.publicationId());
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("availability", availability("available", loan.startedAt(), loan.dueAt()));
            copiesAndHolds(properties, title, null);
            properties.put("indirectAcquisition", List.of(Map.of("type", contentType(title))));
            Map<String, Object> acquire = link("http://opds-spec.org/acquisition",
                    base.resolve("v1/loans/" + loan.id() + "/status").toString(), StatusDocuments.LSD);
            acquire.put("properties", properties);
            publications.add(publication(loan.publicationId().toString(), title, locale, acquire));
        }
        for (HoldView hold : holds.ofPatron(caller.patronId(), true, locale)) {
            Title title = Title.findById(hold.publicationId());
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("availability", "ready".equals(hold.state())
                    ? availability("ready", null, hold.readyUntil())
                    : availability("reserved", hold.placedAt(), null));
            copiesAndHolds(properties, title, hold);
            Map<String, Object> borrow = link("http://opds-spec.org/acquisition/borrow", base.resolve("v1/loans").toString(),
                    MediaType.APPLICATION_JSON);
            borrow.put("properties", properties);
            publications.add(publication(hold.publicationId().toString(), title, locale, borrow));
        }
        Map<String, Object> feed = new LinkedHashMap<>();
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("title", Messages.text("opds-shelf.title", locale));
        metadata.put("numberOfItems", publications.size());
        feed.put("metadata", metadata);
        feed.put("links", List.of(link("self", base.resolve("opds/shelf").toString(), OPDS),
                link("http://opds-spec.org/shelf", base.resolve("opds/shelf").toString(), OPDS)));
        if (publications.isEmpty()) {
            Map<String, Object> browse = link("start", catalogUrl, OPDS);
            browse.put("title", Messages.text("opds-shelf.browse", locale));
            feed.put("navigation", List.of(browse));
        } else {
            feed.put("publications", publications);
        }
        return Response.ok(feed).type(OPDS).build();
    }

    private static Map<String, Object> publication(String id, Title title, Locale locale, Map<String, Object> acquisition) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("@type", title != null && "AUDIOBOOK".equalsIgnoreCase(title.format) ? "http://schema.org/Audiobook" : "http://schema.org/EBook");
        metadata.put("title", title != null && title.name != null ? title.name : Messages.text("opds-shelf.untitled", locale));
        metadata.put("identifier", "urn:uuid:" + id);
        Map<String, Object> publication = new LinkedHashMap<>();
        publication.put("metadata", metadata);
        publication.put("links", List.of(acquisition));
        return publication;
    }

    private static void copiesAndHolds(Map<String, Object> properties, Title title, HoldView hold) {
        Map<String, Object> holdsInfo = new LinkedHashMap<>();
        holdsInfo.put("total", hold != null && hold.queueLength() != null ? hold.queueLength()
                : title == null ? 0 : (int) Hold.openCount(title.publicationId));
        if (hold != null && hold.position() != null) {
            holdsInfo.put("position", hold.position());
        }
        properties.put("holds", holdsInfo);
        if (title != null && title.seatsTotal != null) {
            properties.put("copies", Map.of("total", Math.max(0, title.seatsTotal),
                    "available", Math.max(0, title.seatsFree == null ? 0 : title.seatsFree)));
        }
    }

    private static String contentType(Title title) {
        return title != null && "AUDIOBOOK".equalsIgnoreCase(title.format) ? "application/audiobook+json" : "application/epub+zip";
    }

    private static Map<String, Object> availability(String state, Instant since, Instant until) {
        Map<String, Object> availability = new LinkedHashMap<>();
        availability.put("state", state);
        if (since != null) {
            availability.put("since", since.toString());
        }
        if (until != null) {
            availability.put("until", until.toString());
        }
        return availability;
    }

    private static Map<String, Object> link(String rel, String href, String type) {
        Map<String, Object> link = new LinkedHashMap<>();
        link.put("rel", rel);
        link.put("href", href);
        link.put("type", type);
        return link;
    }
}
