package fi.lainaamo.license.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import fi.lainaamo.events.EventTypes;
import fi.lainaamo.events.FeedPublicationReceived;
import fi.lainaamo.license.licences.Availability;
import fi.lainaamo.license.licences.Licence;
import fi.lainaamo.license.licences.LicenceService;
import fi.lainaamo.license.publications.KnownPublication;
import fi.lainaamo.license.publications.KnownPublications;
import fi.lainaamo.platform.outbox.Outbox;
import fi.lainaamo.platform.problem.Messages;
import fi.lainaamo.platform.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Imports licences from ODL feeds. The feed is fetched once (every page first, so a failed fetch changes nothing);
 * each publication is applied in its own transaction under its lock, and its OPDS metadata is passed on to
 * catalog-service as a FeedPublicationReceived event, only when it changed since the last import.
 */
@ApplicationScoped
public class OdlImports {

    static final String FEED_MEDIA = "application/opds+json, application/json;q=0.9";

    @Inject
    Distributors distributors;

    @Inject
    DistributorConfig config;

    @Inject
    LicenceService licences;

    @Inject
    Availability availability;

    @Inject
    Outbox outbox;

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    @Inject
    Reconciliation reconciliation;

    @Inject
    KnownPublications knownPublications;

    /**
     * Fetches a feed (following its next links) and imports it. A next page on another allowed host is followed; one on
     * a host or port that is not allowed is not fetched: the pages read so far are imported, and the report says why
     * the feed was not read to its end (so nothing is marked unavailable).
     */
    public ImportReport fromUrl(FeedImportRequest request, boolean reconcile, Locale locale) {
        return fromUrl(request, reconcile, locale, Progress.NONE);
    }

    /** What an import has done so far, told as it goes (a background job records it; the synchronous import ignores it). */
    public interface Progress {
        Progress NONE = new Progress() {
        };

        /** Another page was read; {@code licences} is how many licences the pages read so far list. */
        default void pageRead(int pages, int licences) {
        }

        /** The licences of one publication were applied (committed). */
        default void applied(List<ImportReport.LicenceResult> results) {
        }
    }

    /** {@link #fromUrl(FeedImportRequest, boolean, Locale)}, telling progress page by page and publication by publication. */
    public ImportReport fromUrl(FeedImportRequest request, boolean reconcile, Locale locale, Progress progress) {
        URI first = distributors.allowed(request.feedUrl());
        List<OdlFeed.Page> pages = new ArrayList<>();
        Set<URI> seen = new HashSet<>();
        URI url = first;
        Incomplete incomplete = null;
        while (url != null && seen.add(url)) {
            if (pages.size() >= config.maxPages()) {
                incomplete = new Incomplete("page-limit-reached", config.maxPages(), url.toString());
                break;
            }
            if (!distributors.allows(url)) {
                incomplete = new Incomplete("next-page-host-not-allowed", DistributorHosts.hostAndPort(url));
                break;
            }
            JsonNode document = distributors.fetch(url.toString(), FEED_MEDIA);
            try {
                OdlFeed.Page page = OdlFeed.read(document);
                pages.add(page);
                progress.pageRead(pages.size(), licenceCount(pages));
                // a relative next link is relative to the page that carries it, which may be on another host
                url = page.nextUrl() == null ? null : url.resolve(page.nextUrl().trim());
            } catch (IllegalArgumentException notAFeed) {
                throw new ProblemException(502, "distributor-bad-document", url.getHost());
            }
        }
        boolean complete = url == null;
        String distributor = request.distributor() != null && !request.distributor().isBlank()
                ? request.distributor().trim() : first.getHost().toLowerCase(Locale.ROOT);
        return apply(request.feedUrl().trim(), distributor, pages, complete, incomplete, reconcile, locale, progress);
    }

    private static int licenceCount(List<OdlFeed.Page> pages) {
        return pages.stream().flatMap(p -> p.publications().stream()).mapToInt(p -> p.licences().size()).sum();
    }

    /** Why a feed was not read to its end: a message code and its arguments. */
    private record Incomplete(String reason, Object... args) {
    }

    /** Imports a feed sent as the request body; a page with a next link is imported but marks nothing missing. */
    public ImportReport fromBody(String body, String distributor, boolean reconcile, Locale locale) {
        return fromBody(parse(body, distributor), reconcile, locale, Progress.NONE);
    }

    /** A feed sent as a body, read and with its distributor known: what a background import needs from the request. */
    public record UploadedFeed(String feedUrl, String distributor, OdlFeed.Page page) {
    }

    /** Reads a feed sent as the body (400 invalid-feed or distributor-required when it cannot be imported). */
    public UploadedFeed parse(String body, String distributor) {
        OdlFeed.Page page;
        try {
            page = OdlFeed.read(json.readTree(body));
        } catch (IllegalArgumentException notAFeed) {
            throw new ProblemException(400, "invalid-feed", notAFeed.getMessage());
        } catch (java.io.IOException notJson) {
            throw new ProblemException(400, "invalid-feed", "it is not valid JSON");
        }
        String feedUrl = page.selfUrl() != null ? page.selfUrl() : "urn:lainaamo:uploaded-feed";
        String who = distributor != null && !distributor.isBlank() ? distributor.trim() : hostOf(page.selfUrl());
        if (who == null) {
            throw new ProblemException(400, "distributor-required");
        }
        return new UploadedFeed(feedUrl, who, page);
    }

    /** Imports a feed read by {@link #parse}. */
    public ImportReport fromBody(UploadedFeed feed, boolean reconcile, Locale locale, Progress progress) {
        List<OdlFeed.Page> pages = List.of(feed.page());
        progress.pageRead(1, licenceCount(pages));
        return apply(feed.feedUrl(), feed.distributor(), pages, feed.page().nextUrl() == null, null, reconcile, locale, progress);
    }

    private ImportReport apply(String feedUrl, String distributor, List<OdlFeed.Page> pages, boolean complete,
                               Incomplete incomplete, boolean reconcile, Locale locale, Progress progress) {
        // with reconcile, every info document is read before anything is applied (and before any transaction opens)
        Map<String, InfoRead> documents = reconcile ? readInfoDocuments(pages) : Map.of();
        List<ImportReport.LicenceResult> results = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        int publications = 0;
        for (OdlFeed.Page page : pages) {
            for (OdlFeed.Publication publication : page.publications()) {
                publications++;
                publication.licences().stream().map(OdlFeed.FeedLicence::identifier).filter(Objects::nonNull).forEach(listed::add);
                List<ImportReport.LicenceResult> applied = QuarkusTransaction.requiringNew().call(() -> applyPublication(feedUrl,
                        distributor, publication, documents, locale));
                results.addAll(applied);
                progress.applied(applied);
            }
        }
        int unavailable = 0;
        if (complete) {
            List<UUID> missing = QuarkusTransaction.requiringNew().call(() -> Licence.<Licence>list(
                            "distributor = ?1 and status = ?2 and distributorLicenceId is not null", distributor, Licence.AVAILABLE)
                    .stream().filter(l -> !listed.contains(l.distributorLicenceId)).map(l -> l.id).toList());
            for (UUID id : missing) {
                ImportReport.LicenceResult marked = QuarkusTransaction.requiringNew().call(() -> markUnavailable(id));
                if (marked != null) {
                    results.add(marked);
                    progress.applied(List.of(marked));
                    unavailable++;
                }
            }
        }
        if (reconcile) {
            List<ImportReport.LicenceResult> reconciled = new ArrayList<>();
            for (ImportReport.LicenceResult r : results) {
                reconciled.add(r.licenceId() == null || "unavailable".equals(r.result()) ? r
                        : reconcileQuietly(r, documents.get(r.identifier()), locale));
            }
            results = reconciled;
        }
        return new ImportReport(feedUrl, distributor, pages.size(), complete, publications,
                count(results, "imported"), count(results, "updated"), count(results, "unchanged"),
                count(results, "rejected"), unavailable,
                incomplete == null ? null : incomplete.reason(),
                incomplete == null ? null : Messages.text(incomplete.reason() + ".detail", locale, incomplete.args()),
                results);
    }

    /** A licence's info document as read before the import: the document, or why it could not be used. */
    private record InfoRead(Reconciliation.InfoDocument document, ProblemException failure) {

        /** The document is about another licence (or does not say which): the licence is kept out of the import. */
        boolean refusesLicence() {
            return failure != null && failure.code().startsWith("info-document-");
        }
    }

    /** Reads the info document of every feed licence that links one, by the licence's identifier. */
    private Map<String, InfoRead> readInfoDocuments(List<OdlFeed.Page> pages) {
        Map<String, InfoRead> documents = new java.util.HashMap<>();
        for (OdlFeed.Page page : pages) {
            for (OdlFeed.Publication publication : page.publications()) {
                for (OdlFeed.FeedLicence l : publication.licences()) {
                    if (l.isRejected() || l.identifier() == null || l.terms().infoUrl() == null || documents.containsKey(l.identifier())) {
                        continue;
                    }
                    try {
                        Reconciliation.InfoDocument doc = reconciliation.fetch(l.terms().infoUrl());
                        doc.mustDescribe(l.identifier());
                        documents.put(l.identifier(), new InfoRead(doc, null));
                    } catch (ProblemException unusable) {
                        documents.put(l.identifier(), new InfoRead(null, unusable));
                    }
                }
            }
        }
        return documents;
    }

    private ImportReport.LicenceResult reconcileQuietly(ImportReport.LicenceResult r, InfoRead read, Locale locale) {
        try {
            if (read != null && read.failure() != null) {
                throw read.failure();
            }
            Reconciliation.Outcome outcome = read != null
                    ? reconciliation.applyDocument(r.licenceId(), read.document())
                    : reconciliation.reconcile(r.licenceId()); // fails as not reconcilable: the feed links no document
            return r.reconciledAs(outcome.changed() ? "changed" : "unchanged", null, null);
        } catch (ProblemException refused) {
            return r.reconciledAs("failed", refused.code(), detail(refused, locale));
        }
    }

    static String detail(ProblemException problem, Locale locale) {
        Object[] args = problem.violations().isEmpty() ? new Object[0] : problem.violations().get(0).args();
        return Messages.text(problem.code() + ".detail", locale, args);
    }

    private static int count(List<ImportReport.LicenceResult> results, String result) {
        return (int) results.stream().filter(r -> result.equals(r.result())).count();
    }

    private List<ImportReport.LicenceResult> applyPublication(String feedUrl, String distributor, OdlFeed.Publication publication,
                                                              Map<String, InfoRead> documents, Locale locale) {
        List<ImportReport.LicenceResult> results = new ArrayList<>();
        if (publication.publicationId() == null) {
            for (OdlFeed.FeedLicence l : publication.licences()) {
                results.add(rejected(l, null, locale));
            }
            return results;
        }
        availability.lock(publication.publicationId());
        // the feed is where this publication comes from: its metadata goes to the catalogue with this import
        knownPublications.learned(publication.publicationId(), KnownPublication.FROM_ODL_IMPORT);
        for (OdlFeed.FeedLicence l : publication.licences()) {
            if (l.isRejected()) {
                results.add(rejected(l, publication.publicationId(), locale));
                continue;
            }
            InfoRead info = documents.get(l.identifier());
            if (info != null && info.refusesLicence()) {
                Licence existing = Licence.byDistributorId(distributor, l.identifier());
                results.add(new ImportReport.LicenceResult(l.identifier(), publication.publicationId(),
                        existing == null ? null : existing.id, "rejected", info.failure().code(), detail(info.failure(), locale), null));
                continue;
            }
            results.add(upsert(distributor, publication.publicationId(), l, locale));
        }
        passOnMetadata(feedUrl, publication);
        return results;
    }

    private ImportReport.LicenceResult upsert(String distributor, UUID publicationId, OdlFeed.FeedLicence l, Locale locale) {
        OdlFeed.Terms t = l.terms();
        Licence licence = Licence.byDistributorId(distributor, l.identifier());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        if (licence == null) {
            licence = new Licence();
            licence.id = UUID.randomUUID();
            licence.publicationId = publicationId;
            licence.distributor = distributor;
            licence.distributorLicenceId = l.identifier();
            licence.concurrency = t.concurrency();
            licence.checkoutsTotal = t.checkouts();
            licence.checkoutsLeft = t.checkouts();
            licence.expires = t.expires();
            licence.maxLoanDays = t.maxLoanDays();
            licence.price = t.price();
            licence.currency = t.currency();
            licence.format = t.format().name();
            licence.infoUrl = t.infoUrl();
            licence.checkoutUrl = t.checkoutUrl();
            licence.openAccessUrl = t.openAccessUrl();
            licence.openAccessType = t.openAccessType();
            licence.createdAt = t.created() != null ? t.created() : now;
            licences.added(licence);
            return result(l, licence, "imported", null, null, locale);
        }
        if (!licence.publicationId.equals(publicationId)) {
            return result(l, licence, "rejected", "licence-of-other-publication", licence.publicationId, locale);
        }
        if (t.concurrency() != null && t.concurrency() < licence.seatsTaken) {
            return result(l, licence, "rejected", "concurrency-below-seats-taken", licence.seatsTaken, locale);
        }
        boolean changed = !Objects.equals(licence.concurrency, t.concurrency())
                || !Objects.equals(licence.checkoutsTotal, t.checkouts())
                || !Objects.equals(licence.expires, t.expires())
                || !Objects.equals(licence.maxLoanDays, t.maxLoanDays())
                || !sameAmount(licence.price, t.price())
                || !Objects.equals(licence.currency, t.currency())
                || !Objects.equals(licence.format, t.format().name())
                || !Objects.equals(licence.infoUrl, t.infoUrl())
                || !Objects.equals(licence.checkoutUrl, t.checkoutUrl())
                || !Objects.equals(licence.openAccessUrl, t.openAccessUrl())
                || Licence.MISSING_FROM_FEED.equals(licence.unavailableReason);
        if (!changed) {
            return result(l, licence, "unchanged", null, null, locale);
        }
        boolean wasExhausted = licence.isExhausted();
        if (!Objects.equals(licence.checkoutsTotal, t.checkouts())) {
            // more or fewer checkouts bought: what was already used stays used
            int used = licence.checkoutsTotal == null || licence.checkoutsLeft == null ? 0 : licence.checkoutsTotal - licence.checkoutsLeft;
            licence.checkoutsLeft = t.checkouts() == null ? null : Math.max(0, t.checkouts() - used);
            licence.checkoutsTotal = t.checkouts();
        }
        licence.concurrency = t.concurrency();
        licence.expires = t.expires();
        licence.maxLoanDays = t.maxLoanDays();
        licence.price = t.price();
        licence.currency = t.currency();
        licence.format = t.format().name();
        licence.infoUrl = t.infoUrl();
        licence.checkoutUrl = t.checkoutUrl();
        licence.openAccessUrl = t.openAccessUrl();
        licence.openAccessType = t.openAccessType();
        if (Licence.MISSING_FROM_FEED.equals(licence.unavailableReason)) {
            licence.markUnavailable(null); // listed again; what the distributor's info document said still stands
        }
        if (licence.expires == null || licence.expires.isAfter(now)) {
            licence.expiredAnnouncedAt = null; // a renewed licence's next expiry is announced again
        }
        licences.updated(licence, !wasExhausted && licence.isExhausted());
        return result(l, licence, "updated", null, null, locale);
    }

    private static boolean sameAmount(java.math.BigDecimal a, java.math.BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }

    private ImportReport.LicenceResult markUnavailable(UUID licenceId) {
        Licence licence = Licence.findById(licenceId);
        availability.lock(licence.publicationId);
        em.refresh(licence);
        if (licence.isUnavailable()) {
            return null;
        }
        licence.markUnavailable(Licence.MISSING_FROM_FEED);
        licences.updated(licence, false);
        return new ImportReport.LicenceResult(licence.distributorLicenceId, licence.publicationId, licence.id,
                "unavailable", null, null, null);
    }

    /** Passes the publication's metadata on to catalog-service, once per change. */
    private void passOnMetadata(String feedUrl, OdlFeed.Publication publication) {
        Map<String, Object> metadata = json.convertValue(publication.metadata(), new TypeReference<>() {
        });
        String hash = hash(Map.of("metadata", metadata, "formats", publication.formats()));
        int same = em.createNativeQuery("select 1 from feed_publication where publication_id = ?1 and metadata_hash = ?2")
                .setParameter(1, publication.publicationId()).setParameter(2, hash).getResultList().size();
        if (same > 0) {
            return;
        }
        em.createNativeQuery("""
                        insert into feed_publication (publication_id, identifier, feed_url, metadata_hash, received_at)
                        values (?1, ?2, ?3, ?4, now())
                        on conflict (publication_id) do update set identifier = excluded.identifier,
                            feed_url = excluded.feed_url, metadata_hash = excluded.metadata_hash, received_at = now()""")
                .setParameter(1, publication.publicationId()).setParameter(2, publication.identifier())
                .setParameter(3, feedUrl).setParameter(4, hash).executeUpdate();
        outbox.record(EventTypes.FEED_PUBLICATION_RECEIVED, publication.publicationId(), publication.publicationId(),
                new FeedPublicationReceived(publication.publicationId(), publication.identifier(), feedUrl, metadata,
                        publication.formats()));
    }

    private String hash(Object metadata) {
        try {
            byte[] canonical = json.copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true).writeValueAsBytes(metadata);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static ImportReport.LicenceResult rejected(OdlFeed.FeedLicence l, UUID publicationId, Locale locale) {
        return new ImportReport.LicenceResult(l.identifier(), publicationId, null, "rejected", l.rejection(),
                Messages.text(l.rejection() + ".detail", locale, l.rejectionArg()), null);
    }

    private static ImportReport.LicenceResult result(OdlFeed.FeedLicence l, Licence licence, String result, String reason,
                                                     Object arg, Locale locale) {
        return new ImportReport.LicenceResult(l.identifier(), licence.publicationId, licence.id, result, reason,
                reason == null ? null : Messages.text(reason + ".detail", locale, arg), null);
    }

    private static String hostOf(String url) {
        if (url == null) {
            return null;
        }
        try {
            String host = URI.create(url).getHost();
            return host == null ? null : host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }
}
