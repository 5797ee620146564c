package fi.lainaamo.loan.status;

import fi.lainaamo.loan.loans.Loan;
import fi.lainaamo.loan.loans.LoanService;
import fi.lainaamo.platform.problem.Messages;
import fi.lainaamo.platform.problem.Problem;
import fi.lainaamo.platform.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Each loan as a Readium License Status Document, the shape reader apps and partners know, with return and renew
 * links; refusals use the Readium error types (403).
 */
@ApplicationScoped
public class StatusDocuments {

    public static final String LSD = "application/vnd.readium.license.status.v1.0+json";
    static final String LSD_ERROR = "http://readium.org/license-status-document/error/";

    @Inject
    LoanService loans;

    @Inject
    FulfilmentLinks links;

    public Response giveBack(UUID patronId, UUID id, URI base, Locale locale) {
        Loan loan = current(patronId, id);
        Instant now = Instant.now();
        if (!loan.isActiveAt(now)) {
            return lsdError(locale, loan.state == Loan.State.RETURNED ? "return/already" : "return/expired",
                    loan.state == Loan.State.RETURNED ? "lsd-return-already" : "lsd-return-expired");
        }
        loans.giveBack(patronId, id);
        return document(current(patronId, id), base, locale);
    }

    public Response renew(UUID patronId, UUID id, String end, URI base, Locale locale) {
        Instant requested;
        try {
            requested = end == null || end.isBlank() ? null : Instant.parse(end);
        } catch (DateTimeParseException e) {
            return lsdError(locale, "renew/date", "lsd-renew-refused");
        }
        try {
            loans.renew(patronId, id, requested);
        } catch (ProblemException refused) {
            if (refused.status() == 404) {
                throw refused;
            }
            return lsdError(locale, "renew/date", "lsd-renew-refused");
        }
        return document(current(patronId, id), base, locale);
    }

    Loan current(UUID patronId, UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> loans.owned(patronId, id));
    }

    private Response lsdError(Locale locale, String type, String code) {
        Problem problem = new Problem(LSD_ERROR + type, Messages.text(code + ".title", locale), 403,
                Messages.text(code + ".detail", locale), code, null);
        return Response.status(403).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    public Response document(Loan loan, URI base, Locale locale) {
        Instant now = Instant.now();
        boolean active = loan.isActiveAt(now);
        String status = active ? "active" : loan.state == Loan.State.RETURNED ? "returned" : "expired";
        String self = base.resolve("v1/loans/" + loan.id + "/status").toString();
        List<Map<String, Object>> linkList = new ArrayList<>();
        linkList.add(link("self", self, LSD));
        if (active) {
            String signed = links.sign(base, loan.id, loan.patronId, now).href().toString();
            if ("distributor".equals(loan.fulfilmentKind) && loan.licenceDocumentUrl != null) {
                // the distributor's LCP licence: a reading app opens the book with it and the patron's passphrase
                linkList.add(link("license", loan.licenceDocumentUrl, FulfilmentLinks.contentType(loan)));
                if (loan.contentUrl != null && loan.contentType != null) {
                    linkList.add(link("publication", loan.contentUrl, loan.contentType)); // an audiobook's manifest
                }
            } else {
                linkList.add(link("license", signed, FulfilmentLinks.contentType(loan)));
                if (!"open-access".equals(loan.fulfilmentKind)) {
                    linkList.add(link("publication", signed + "&as=manifest", "application/webpub+json"));
                }
            }
            linkList.add(link("return", self + "/return", LSD));
            Map<String, Object> renew = link("renew", self + "/renew{?end}", LSD);
            renew.put("templated", true);
            linkList.add(renew);
        } else {
            linkList.add(link("license", base.resolve("v1/loans/" + loan.id + "/fulfilment").toString(), MediaType.APPLICATION_JSON));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("id", loan.id.toString());
        doc.put("status", status);
        doc.put("message", Messages.text("lsd-status." + status, locale));
        Instant updated = loan.updatedAt != null ? loan.updatedAt : loan.startedAt;
        doc.put("updated", Map.of("license", loan.startedAt.toString(), "status", updated.toString()));
        doc.put("links", linkList);
        doc.put("potential_rights", Map.of("end", loan.dueAt.toString()));
        List<Map<String, Object>> events = new ArrayList<>();
        events.add(event("register", loan.startedAt));
        if (loan.state == Loan.State.RETURNED && loan.returnedAt != null) {
            events.add(event("return", loan.returnedAt));
        }
        doc.put("events", events);
        return Response.ok(doc).type(LSD).build();
    }

    private static Map<String, Object> link(String rel, String href, String type) {
        Map<String, Object> link = new LinkedHashMap<>();
        link.put("rel", rel);
        link.put("href", href);
        link.put("type", type);
        return link;
    }

    private static Map<String, Object> event(String type, Instant at) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        event.put("name", "Lainaamo");
        event.put("id", "lainaamo");
        event.put("timestamp", at.toString());
        return event;
    }
}
