package fi.lainaamo.devinfra.distributor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.lainaamo.devinfra.distributor.Catalogue.Kind;
import fi.lainaamo.devinfra.distributor.Catalogue.Licence;
import fi.lainaamo.devinfra.distributor.Catalogue.Publication;
import fi.lainaamo.devinfra.distributor.Catalogue.Subject;
import fi.lainaamo.devinfra.distributor.Loans.Loan;
import fi.lainaamo.devinfra.distributor.Loans.LicenceInfo;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;

/**
 * The JSON the simulated distributor answers with, in the shapes of OPDS 2.0, ODL 1.0 and the Readium License Status
 * Document: the feed and its publications, licences, License Info Documents, status documents, problem details.
 */
final class OdlDocuments {

    static final String OPDS_FEED = "application/opds+json";
    static final String OPDS_PUBLICATION = "application/opds-publication+json";
    static final String ODL_INFO = "application/vnd.odl.info+json";
    static final String STATUS_DOCUMENT = "application/vnd.readium.license.status.v1.0+json";
    static final String LCP_LICENCE = "application/vnd.readium.lcp.license.v1.0+json";
    static final String PROBLEM = "application/problem+json";
    static final String BORROW = "http://opds-spec.org/acquisition/borrow";
    static final String OPEN_ACCESS = "http://opds-spec.org/acquisition/open-access";
    static final String SAMPLE = "http://opds-spec.org/acquisition/sample";
    static final String LCP_BASIC_PROFILE = "http://readium.org/lcp/basic-profile";
    static final String AUDIOBOOK_PROFILE = "https://readium.org/webpub-manifest/profiles/audiobook";
    static final String CHECKOUT_TEMPLATE = "{?id,checkout_id,patron_id,expires,notification_url,passphrase,hint,hint_url}";

    static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    /** What the distributor sells now: it may start selling more while it runs ({@link DistributorSimulator#offer}). */
    private final Supplier<Catalogue> catalogue;

    OdlDocuments(String baseUrl, Supplier<Catalogue> catalogue) {
        this.baseUrl = baseUrl;
        this.catalogue = catalogue;
    }

    /** One page of the ODL feed (page 1 of 1 when {@code pageSize} is 0). */
    ObjectNode feed(int page, int pageSize) {
        Catalogue now = catalogue.get();
        List<Publication> all = now.publications();
        int size = pageSize <= 0 ? Math.max(1, all.size()) : pageSize;
        int pages = Math.max(1, (all.size() + size - 1) / size);
        ObjectNode feed = JSON.createObjectNode();
        ObjectNode metadata = feed.putObject("metadata").put("title", now.title()).put("numberOfItems", all.size());
        if (pageSize > 0) {
            metadata.put("itemsPerPage", size).put("currentPage", page);
        }
        ArrayNode links = feed.putArray("links");
        links.add(link("self", feedPage(page, pageSize), OPDS_FEED));
        if (pageSize > 0) {
            links.add(link("first", feedPage(1, pageSize), OPDS_FEED));
            if (page > 1) {
                links.add(link("previous", feedPage(page - 1, pageSize), OPDS_FEED));
            }
            if (page < pages) {
                links.add(link("next", feedPage(page + 1, pageSize), OPDS_FEED));
            }
            links.add(link("last", feedPage(pages, pageSize), OPDS_FEED));
        }
        ArrayNode publications = feed.putArray("publications");
        all.stream().skip((long) (page - 1) * size).limit(size).forEach(p -> publications.add(publication(p)));
        return feed;
    }

    int pages(int pageSize) {
        int count = catalogue.get().publications().size();
        return pageSize <= 0 ? 1 : Math.max(1, (count + pageSize - 1) / pageSize);
    }

    /**
     * A publication with its metadata, links (a sample, or the open-access file), a cover and its licences. Nothing in
     * {@code metadata} depends on the port, so it stays the same across restarts.
     */
    ObjectNode publication(Publication p) {
        ObjectNode publication = JSON.createObjectNode();
        ObjectNode m = publication.putObject("metadata");
        m.put("@type", p.kind().schemaType);
        if (p.kind() == Kind.AUDIOBOOK) {
            m.put("conformsTo", AUDIOBOOK_PROFILE);
        }
        m.put("title", p.title());
        m.put("identifier", p.identifier());
        m.put("language", p.language());
        m.putObject("author").put("name", p.author());
        if (p.narrator() != null) {
            m.putObject("narrator").put("name", p.narrator());
        }
        m.putObject("publisher").put("name", p.publisher());
        m.put("published", p.published().toString());
        m.put("modified", timestamp(p.published().atTime(LocalTime.of(9, 0)).atZone(Catalogue.FINLAND).toInstant()));
        m.put("description", p.description());
        ArrayNode subjects = m.putArray("subject");
        for (Subject s : p.subjects()) {
            subjects.addObject().put("scheme", s.scheme()).put("code", s.code()).put("name", s.name());
        }
        if (p.duration() != null) {
            m.put("duration", p.duration().toSeconds());
        }

        ArrayNode links = publication.putArray("links");
        links.add(link("self", baseUrl + "/publications/" + p.isbn(), OPDS_PUBLICATION));
        if (p.openAccess()) {
            links.add(link(OPEN_ACCESS, baseUrl + "/content/" + p.isbn() + ".epub", "application/epub+zip"));
        } else if (p.kind() == Kind.AUDIOBOOK) {
            links.add(link(SAMPLE, baseUrl + "/samples/" + p.isbn() + ".wav", "audio/wav"));
        } else {
            links.add(link(SAMPLE, baseUrl + "/samples/" + p.isbn() + ".epub", "application/epub+zip"));
        }
        publication.putArray("images").add(link("http://opds-spec.org/image", baseUrl + "/covers/" + p.isbn() + ".png",
                "image/png").put("width", SampleFiles.COVER_WIDTH).put("height", SampleFiles.COVER_HEIGHT));
        if (!p.openAccess()) {
            ArrayNode licences = publication.putArray("licenses");
            p.licences().forEach(l -> licences.add(licence(p, l)));
        }
        return publication;
    }

    /** An ODL licence: its terms and protection, its License Info Document and its checkout template. */
    ObjectNode licence(Publication p, Licence l) {
        ObjectNode licence = JSON.createObjectNode();
        ObjectNode m = licence.putObject("metadata");
        m.put("identifier", l.identifier());
        m.put("format", p.kind().licenceFormat);
        m.put("created", timestamp(l.created()));
        m.set("terms", terms(l));
        m.putObject("protection").put("format", LCP_LICENCE).put("devices", 6).put("copy", false).put("print", false)
                .put("tts", true);
        if (l.priceEur() != null) {
            m.putObject("price").put("currency", "EUR").put("value", l.priceEur());
        }
        ArrayNode links = licence.putArray("links");
        links.add(link("self", infoUrl(l), ODL_INFO));
        links.add(link(BORROW, checkoutUrl(l) + CHECKOUT_TEMPLATE, STATUS_DOCUMENT).put("templated", true));
        return licence;
    }

    ObjectNode terms(Licence l) {
        ObjectNode terms = JSON.createObjectNode();
        if (l.checkouts() != null) {
            terms.put("checkouts", l.checkouts());
        }
        if (l.expires() != null) {
            terms.put("expires", timestamp(l.expires()));
        }
        if (l.concurrency() != null) {
            terms.put("concurrency", l.concurrency());
        }
        if (l.length() != null) {
            terms.put("length", l.length().toSeconds());
        }
        return terms;
    }

    /** The License Info Document: whether the licence lends, what is left, and every open checkout. */
    ObjectNode info(LicenceInfo info) {
        Licence l = info.licence();
        ObjectNode doc = JSON.createObjectNode();
        doc.put("identifier", l.identifier());
        doc.put("status", info.status());
        ObjectNode checkouts = doc.putObject("checkouts");
        if (info.checkoutsLeft() != null) {
            checkouts.put("left", info.checkoutsLeft());
        }
        if (info.copiesAvailable() != null) {
            checkouts.put("available", info.copiesAvailable());
        }
        ArrayNode active = checkouts.putArray("active");
        for (Loan loan : info.active()) {
            active.addObject().put("id", loan.id().toString()).put("href", loanUrl(loan))
                    .put("patron_id", loan.patronId()).put("expires", timestamp(loan.end()));
        }
        doc.set("terms", terms(l));
        catalogue.get().publicationOf(l.id()).ifPresent(p -> doc.put("format", p.kind().licenceFormat));
        doc.put("created", timestamp(l.created()));
        return doc;
    }

    /** The loan's License Status Document; a {@code renew} link only while a renewal could extend it. */
    ObjectNode status(Loan loan, boolean renewable) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("id", loan.id().toString());
        doc.put("status", loan.status().json());
        doc.put("message", message(loan));
        doc.putObject("updated").put("license", timestamp(loan.licenceUpdated()))
                .put("status", timestamp(loan.statusUpdated()));
        ArrayNode links = doc.putArray("links");
        links.add(link("self", loanUrl(loan), STATUS_DOCUMENT));
        links.add(link("license", loanUrl(loan) + "/license", LCP_LICENCE).put("profile", LCP_BASIC_PROFILE));
        if (loan.status().holdsCopy()) {
            links.add(link("return", loanUrl(loan) + "/return", STATUS_DOCUMENT));
        }
        if (renewable) {
            links.add(link("renew", loanUrl(loan) + "/renew", STATUS_DOCUMENT));
        }
        doc.putObject("potential_rights").put("end", timestamp(loan.end()));
        ArrayNode events = doc.putArray("events");
        for (Loans.Event e : loan.events()) {
            ObjectNode event = events.addObject().put("type", e.type());
            if (e.name() != null) {
                event.put("name", e.name());
            }
            if (e.clientId() != null) {
                event.put("id", e.clientId());
            }
            event.put("timestamp", timestamp(e.timestamp()));
        }
        return doc;
    }

    /** What the distributor POSTs to a checkout's notification_url: the smallest status document ODL allows. */
    ObjectNode notification(Loan loan) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("id", loan.id().toString());
        doc.put("status", loan.status().json());
        doc.putObject("updated").put("license", timestamp(loan.licenceUpdated()))
                .put("status", timestamp(loan.statusUpdated()));
        return doc;
    }

    static ObjectNode problem(int status, String type, String title, String detail) {
        ObjectNode problem = JSON.createObjectNode().put("type", type).put("title", title).put("status", status);
        if (detail != null) {
            problem.put("detail", detail);
        }
        return problem;
    }

    static ObjectNode checkout(Checkout c) {
        ObjectNode node = JSON.createObjectNode();
        node.put("loanId", c.loanId().toString()).put("licenceId", c.licenceId().toString())
                .put("checkoutId", c.checkoutId()).put("patronId", c.patronId()).put("expires", timestamp(c.expires()))
                .put("status", c.status().json()).put("hintGiven", c.hintGiven()).put("notificationUrl", c.notificationUrl());
        return node;
    }

    static ObjectNode notification(Notification n) {
        ObjectNode node = JSON.createObjectNode();
        node.put("loanId", n.loanId().toString()).put("url", n.url()).put("status", n.status().json())
                .put("delivered", n.delivered());
        ArrayNode attempts = node.putArray("attempts");
        n.attempts().forEach(a -> attempts.addObject().put("at", a.at().toString()).put("httpStatus", a.httpStatus())
                .put("error", a.error()));
        return node;
    }

    String infoUrl(Licence l) {
        return baseUrl + "/licenses/" + l.id();
    }

    String checkoutUrl(Licence l) {
        return infoUrl(l) + "/checkout";
    }

    String loanUrl(Loan loan) {
        return baseUrl + "/loans/" + loan.id();
    }

    private String feedPage(int page, int pageSize) {
        return pageSize > 0 && page > 1 ? baseUrl + "/feed?page=" + page : baseUrl + "/feed";
    }

    private static String message(Loan loan) {
        return switch (loan.status()) {
            case READY -> "The loan is ready; open it in a reading app";
            case ACTIVE -> "The loan is active";
            case RETURNED -> "The loan is returned";
            case REVOKED -> "The loan was ended by the distributor";
            case EXPIRED -> "The loan has expired";
        };
    }

    static ObjectNode link(String rel, String href, String type) {
        return JSON.createObjectNode().put("rel", rel).put("href", href).put("type", type);
    }

    /** ISO 8601 in UTC to the second, e.g. 2026-05-01T09:00:00Z. */
    static String timestamp(Instant instant) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
    }
}
