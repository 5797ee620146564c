package fi.lainaamo.devinfra.distributor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import fi.lainaamo.devinfra.distributor.Catalogue.Kind;
import fi.lainaamo.devinfra.distributor.Catalogue.Licence;
import fi.lainaamo.devinfra.distributor.Catalogue.Publication;
import fi.lainaamo.devinfra.distributor.Checkout.Status;
import fi.lainaamo.devinfra.distributor.Loans.CheckedOut;
import fi.lainaamo.devinfra.distributor.Loans.CheckoutRequest;
import fi.lainaamo.devinfra.distributor.Loans.Loan;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A distributor to test against: a real HTTP server that speaks ODL 1.0 like a Finnish e-book distributor, so the
 * services and the local stack import a real feed, check out, return and renew, and receive notifications without
 * a partner's test system. Tests steer it through the methods below (or {@code /_sim/...} over HTTP when it runs in
 * another JVM): failures, slowness, withdrawn licences, loans ended on the distributor's side.
 *
 * <p>Endpoints: {@code GET /feed} (OPDS 2 + ODL), {@code GET /publications/{isbn}}, {@code GET /licenses/{id}}
 * (License Info Document), {@code POST /licenses/{id}/checkout} (ODL checkout), {@code GET /loans/{id}} (status
 * document), {@code GET /loans/{id}/license} (LCP licence), {@code PUT /loans/{id}/return}, {@code PUT
 * /loans/{id}/renew}; files a reading app fetches without credentials: {@code /loans/{id}/publication},
 * {@code /content/{isbn}.epub} (open access only), {@code /samples/…}, {@code /covers/{isbn}.png}, {@code /hint}.
 */
public final class DistributorSimulator implements AutoCloseable {

    /** The port the local stack gives it (beside the services' 8081–8084). */
    public static final int DEFAULT_PORT = 8085;

    private static final int REQUESTS_KEPT = 10_000;
    private static final Duration EXPIRY_CHECK = Duration.ofSeconds(1);

    /**
     * How it runs: optional credentials (Basic user and password, or a bearer token) the distributor endpoints
     * require, feed pages of {@code pageSize} publications (0 = one page), how notifications are retried, and where
     * each request is logged (null = nowhere; the passphrase never is).
     */
    public record Options(String basicUser, String basicPassword, String bearerToken, int pageSize,
                          int notificationAttempts, Duration notificationFirstPause, PrintStream log) {

        public static Options defaults() {
            return new Options(null, null, null, 0, 4, Duration.ofMillis(250), null);
        }

        public Options withBasicAuth(String user, String password) {
            return new Options(user, password, bearerToken, pageSize, notificationAttempts, notificationFirstPause, log);
        }

        public Options withBearerToken(String token) {
            return new Options(basicUser, basicPassword, token, pageSize, notificationAttempts, notificationFirstPause, log);
        }

        public Options withPageSize(int publicationsPerPage) {
            return new Options(basicUser, basicPassword, bearerToken, publicationsPerPage, notificationAttempts,
                    notificationFirstPause, log);
        }

        /** {@code attempts} POSTs at most per notification, pausing {@code firstPause}, then twice as long each time. */
        public Options withNotificationRetries(int attempts, Duration firstPause) {
            return new Options(basicUser, basicPassword, bearerToken, pageSize, attempts, firstPause, log);
        }

        public Options withLog(PrintStream out) {
            return new Options(basicUser, basicPassword, bearerToken, pageSize, notificationAttempts,
                    notificationFirstPause, out);
        }

        boolean credentialsRequired() {
            return basicUser != null || bearerToken != null;
        }
    }

    /** A request the simulator answered, to assert retries and their timing; the passphrase is left out of the query. */
    public record RecordedRequest(String method, String path, String query, Instant receivedAt, int status) {
    }

    private record Request(String method, String path, List<String> segments, String query, Map<String, String> params,
                           String authorization) {

        String param(String name) {
            return params.get(name);
        }

        String segment(int i) {
            return i < segments.size() ? segments.get(i) : null;
        }
    }

    private record Answer(int status, String contentType, byte[] body, Map<String, String> headers) {

        static Answer json(int status, String contentType, JsonNode json) {
            try {
                return new Answer(status, contentType, OdlDocuments.JSON.writeValueAsBytes(json), Map.of());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        static Answer problem(int status, String type, String title, String detail) {
            return json(status, OdlDocuments.PROBLEM, OdlDocuments.problem(status, type, title, detail));
        }

        static Answer file(String contentType, byte[] body) {
            return new Answer(200, contentType, body, Map.of());
        }

        static Answer empty(int status) {
            return new Answer(status, null, null, Map.of());
        }

        Answer with(String header, String value) {
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.put(header, value);
            return new Answer(status, contentType, body, all);
        }
    }

    private final HttpServer server;
    private final ExecutorService handlers;
    private final ScheduledExecutorService scheduler;
    /** What it sells now; {@link #offer} adds titles while it runs, {@link #reset} goes back to {@link #startedWith}. */
    private volatile Catalogue catalogue;
    private final Catalogue startedWith;
    private final Options options;
    private final Clock clock = Clock.systemUTC();
    private final String baseUrl;
    private final Loans loans;
    private final OdlDocuments documents;
    private final SampleFiles files = new SampleFiles();
    private final LcpLicences lcp;
    private final Notifier notifier;
    private final Deque<RecordedRequest> requests = new ArrayDeque<>();
    private final Object faults = new Object();
    private int failuresLeft;
    private int failureStatus;
    private volatile Duration slowness = Duration.ZERO;
    private volatile Duration lendingDelay = Duration.ZERO;

    private DistributorSimulator(HttpServer server, Catalogue catalogue, Options options) {
        this.server = server;
        this.catalogue = catalogue;
        this.startedWith = catalogue;
        this.options = options;
        this.baseUrl = "http://localhost:" + server.getAddress().getPort();
        this.loans = new Loans(this::catalogue, clock);
        this.documents = new OdlDocuments(baseUrl, this::catalogue);
        this.lcp = new LcpLicences(baseUrl, files);
        this.handlers = Executors.newCachedThreadPool(daemon("distributor-simulator-http"));
        this.scheduler = Executors.newScheduledThreadPool(2, daemon("distributor-simulator-notify"));
        this.notifier = new Notifier(scheduler, clock, options.notificationAttempts(), options.notificationFirstPause());
    }

    /** Starts the distributor on {@code port} (0 = a free one) with no credentials. */
    public static DistributorSimulator start(int port, Catalogue catalogue) throws IOException {
        return start(port, catalogue, Options.defaults());
    }

    /** Starts the distributor on {@code port} (0 = a free one) on the loopback interface. */
    public static DistributorSimulator start(int port, Catalogue catalogue, Options options) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
        DistributorSimulator simulator = new DistributorSimulator(server, catalogue, options);
        server.createContext("/", simulator::handle);
        server.setExecutor(simulator.handlers);
        server.start();
        simulator.scheduler.scheduleWithFixedDelay(simulator::expireDueLoans, EXPIRY_CHECK.toMillis(),
                EXPIRY_CHECK.toMillis(), TimeUnit.MILLISECONDS);
        return simulator;
    }

    /**
     * Runs the demo catalogue as a process of its own until stopped:
     * {@code DistributorSimulator [port] [--basic user:password] [--bearer token] [--page-size n]}.
     */
    public static void main(String[] args) throws Exception {
        int port = DEFAULT_PORT;
        Options options = Options.defaults().withLog(System.out);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--basic") && i + 1 < args.length && args[i + 1].contains(":")) {
                String[] userAndPassword = args[++i].split(":", 2);
                options = options.withBasicAuth(userAndPassword[0], userAndPassword[1]);
            } else if (arg.equals("--bearer") && i + 1 < args.length) {
                options = options.withBearerToken(args[++i]);
            } else if (arg.equals("--page-size") && i + 1 < args.length) {
                options = options.withPageSize(Integer.parseInt(args[++i]));
            } else if (arg.matches("\\d+")) {
                port = Integer.parseInt(arg);
            } else {
                System.err.println("Usage: DistributorSimulator [port] [--basic user:password] [--bearer token] [--page-size n]");
                System.exit(2);
            }
        }
        DistributorSimulator simulator = start(port, Catalogue.demo(), options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "distributor-simulator-stop"));
        System.out.println("Distributor simulator at " + simulator.baseUrl() + ", ODL feed " + simulator.feedUrl()
                + (options.credentialsRequired() ? " (credentials required)" : ""));
        stopped.await();
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** The ODL feed's URL, for license-service's {@code POST /v1/imports/odl}. */
    public String feedUrl() {
        return baseUrl + "/feed";
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** What it sells now: the catalogue it started with and whatever {@link #offer} added since. */
    public Catalogue catalogue() {
        return catalogue;
    }

    /**
     * The distributor starts selling these titles too: they are in the feed (and can be checked out) from now on, so
     * an import of the feed brings their licences in. The bench adds its own titles this way. An ISBN already sold
     * here is refused.
     */
    public synchronized void offer(Collection<Publication> publications) {
        catalogue = catalogue.plus(publications);
    }

    /** The licence's License Info Document URL (its {@code self} link in the feed). */
    public String licenceInfoUrl(UUID licenceId) {
        return documents.infoUrl(licence(licenceId));
    }

    /** The licence's checkout URL without the query: the borrow template with nothing expanded. */
    public String checkoutUrl(UUID licenceId) {
        return documents.checkoutUrl(licence(licenceId));
    }

    // --- the test and fault API -------------------------------------------------------------------------------

    /** Every loan made here, oldest first. */
    public List<Checkout> checkouts() {
        return loans.all().stream().map(Loan::view).toList();
    }

    public List<Checkout> checkoutsOf(UUID licenceId) {
        return checkouts().stream().filter(c -> c.licenceId().equals(licenceId)).toList();
    }

    /** The next {@code count} requests to the distributor endpoints answer {@code status} (problem details). */
    public void failNext(int count, int status) {
        synchronized (faults) {
            failuresLeft = count;
            failureStatus = status;
        }
    }

    /** Every distributor endpoint (checkouts included) waits this long before answering; ZERO to stop. */
    public void slowDown(Duration delay) {
        slowness = delay == null ? Duration.ZERO : delay;
    }

    /**
     * Checkouts and returns (the calls a loan makes, not the feed or the documents) are answered after this long, as
     * a distributor some way off would answer them; ZERO (the default) answers at once. Each request waits on its own
     * thread, so requests never wait for one another: what queues behind a slow distributor is the caller's doing.
     */
    public void answerLendingAfter(Duration delay) {
        lendingDelay = delay == null ? Duration.ZERO : delay;
    }

    /** The distributor withdraws the licence: no more checkouts, its info document says unavailable; loans go on. */
    public void makeUnavailable(UUID licenceId) {
        licence(licenceId);
        loans.makeUnavailable(licenceId);
    }

    /** The distributor revokes a loan and tells its notification_url; an ended loan stays as it is. */
    public void revoke(UUID loanId) {
        endLoan(loanId, Status.REVOKED);
    }

    /** The loan's time is up now, as if its end had come; its notification_url is told. */
    public void expire(UUID loanId) {
        endLoan(loanId, Status.EXPIRED);
    }

    private void endLoan(UUID loanId, Status status) {
        if (loans.loan(loanId).isEmpty()) {
            throw new IllegalArgumentException("no loan " + loanId);
        }
        loans.end(loanId, status).ifPresent(this::notifyCheckout);
    }

    public List<Notification> notificationsSent() {
        return notifier.sent();
    }

    /** The requests answered so far (the last {@value #REQUESTS_KEPT}), oldest first. */
    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** Back to the start: the catalogue it started with, no loans, every checkout unused, no faults, nothing recorded. */
    public void reset() {
        loans.reset();
        notifier.reset();
        failNext(0, 0);
        slowDown(Duration.ZERO);
        answerLendingAfter(Duration.ZERO);
        synchronized (this) {
            catalogue = startedWith;
        }
        synchronized (requests) {
            requests.clear();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        scheduler.shutdownNow();
        handlers.shutdownNow();
    }

    // --- HTTP --------------------------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        Instant received = clock.instant();
        Answer answer;
        Request request = null;
        try {
            request = read(exchange);
            answer = answer(request);
        } catch (Refusal refusal) {
            answer = Answer.problem(refusal.status, refusal.type, refusal.title, refusal.detail());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            answer = Answer.problem(503, "about:blank", "Service Unavailable", "The simulator is stopping.");
        } catch (RuntimeException bug) {
            bug.printStackTrace(); // a fault of the simulator itself, not one it was told to make
            answer = Answer.problem(500, "about:blank", "Internal Server Error", "The simulator failed; see its output.");
        }
        String path = request != null ? request.path() : exchange.getRequestURI().getRawPath();
        String query = request != null ? request.query() : null;
        record(new RecordedRequest(exchange.getRequestMethod(), path, query, received, answer.status()));
        write(exchange, answer);
    }

    private Answer answer(Request request) throws InterruptedException {
        if (isOpenToAll(request)) {
            return route(request);
        }
        if (options.credentialsRequired() && !authorized(request.authorization())) {
            return Answer.problem(401, "about:blank", "Unauthorized", "This distributor requires credentials.")
                    .with("WWW-Authenticate", options.bearerToken() != null ? "Bearer realm=\"distributor\""
                            : "Basic realm=\"distributor\", charset=\"UTF-8\"");
        }
        Duration delay = isLending(request) ? slowness.plus(lendingDelay) : slowness;
        if (!delay.isZero()) {
            Thread.sleep(delay.toMillis());
        }
        int failure = nextFailure();
        if (failure != 0) {
            Answer failed = Answer.problem(failure, "about:blank", "Simulated failure",
                    "The distributor simulator was told to fail this request.");
            return failure == 503 || failure == 429 ? failed.with("Retry-After", "1") : failed;
        }
        return route(request);
    }

    /** A checkout or a return: what {@link #answerLendingAfter} delays. */
    private static boolean isLending(Request request) {
        return request.segments().size() == 3 && ("licenses".equals(request.segment(0)) && "checkout".equals(request.segment(2))
                || "loans".equals(request.segment(0)) && "return".equals(request.segment(2)));
    }

    /** The admin API and what a reading app fetches directly (covers, files, the hint page) need no credentials. */
    private static boolean isOpenToAll(Request request) {
        String first = request.segment(0);
        return List.of("_sim", "content", "samples", "covers", "hint").contains(first)
                || ("loans".equals(first) && ("publication".equals(request.segment(2)) || "manifest".equals(request.segment(2))));
    }

    private Answer route(Request r) {
        String first = r.segment(0) == null ? "" : r.segment(0);
        int depth = r.segments().size();
        return switch (first) {
            case "feed" -> depth == 1 ? only(r, "GET", () -> feed(r)) : notFound(r);
            case "publications" -> depth == 2 ? only(r, "GET", () -> publication(r.segment(1))) : notFound(r);
            case "licenses" -> {
                if (depth == 2) {
                    yield only(r, "GET", () -> licenceInfo(uuid(r.segment(1))));
                }
                yield depth == 3 && r.segment(2).equals("checkout") ? only(r, "POST", () -> checkout(r)) : notFound(r);
            }
            case "loans" -> loanRoute(r);
            case "content", "samples", "covers" -> depth == 2 ? only(r, "GET", () -> file(first, r.segment(1))) : notFound(r);
            case "hint" -> only(r, "GET", () -> new Answer(200, "text/html; charset=utf-8", hintPage(), Map.of()));
            case "_sim" -> admin(r);
            default -> notFound(r);
        };
    }

    private Answer loanRoute(Request r) {
        if (r.segments().size() == 2) {
            return only(r, "GET", () -> statusDocument(loan(r.segment(1))));
        }
        if (r.segments().size() != 3) {
            return notFound(r);
        }
        UUID loanId = uuid(r.segment(1));
        return switch (r.segment(2)) {
            case "license" -> only(r, "GET", () -> lcpLicence(loanId));
            case "publication" -> only(r, "GET", () -> loanPublication(loanId));
            case "manifest" -> only(r, "GET", () -> audiobookManifest(loanId));
            // Readium says PUT; partners also call these with GET, so both are accepted
            case "return" -> putOrGet(r, () -> statusDocument(loans.giveBack(loanId, r.param("name"), r.param("id"))));
            case "renew" -> putOrGet(r, () -> statusDocument(loans.renew(loanId, r.param("end"), r.param("name"),
                    r.param("id"))));
            default -> notFound(r);
        };
    }

    /** The ODL feed, one page at a time when a page size is configured. */
    private Answer feed(Request r) {
        int page = 1;
        if (r.param("page") != null) {
            try {
                page = Integer.parseInt(r.param("page"));
            } catch (NumberFormatException notANumber) {
                page = 0;
            }
        }
        if (page < 1 || page > documents.pages(options.pageSize())) {
            throw Refusal.notFound("No page " + r.param("page") + " in this feed.");
        }
        return Answer.json(200, OdlDocuments.OPDS_FEED, documents.feed(page, options.pageSize()));
    }

    /** One publication of the feed (its {@code self} link). */
    private Answer publication(String isbn) {
        Publication p = catalogue.publication(isbn).orElseThrow(() -> Refusal.notFound("No publication " + isbn + "."));
        return Answer.json(200, OdlDocuments.OPDS_PUBLICATION, documents.publication(p));
    }

    /** The License Info Document: what the library reconciles its seats and checkouts against. */
    private Answer licenceInfo(UUID licenceId) {
        return Answer.json(200, OdlDocuments.ODL_INFO, documents.info(loans.info(licenceId)));
    }

    /** ODL checkout: 201 with the new loan's status document, 303 to the earlier one for a repeated checkout_id. */
    private Answer checkout(Request r) {
        UUID licenceId = uuid(r.segment(1));
        CheckoutRequest request = new CheckoutRequest(r.param("id"), r.param("checkout_id"), r.param("patron_id"),
                r.param("expires"), r.param("notification_url"), r.param("passphrase"), r.param("hint"),
                r.param("hint_url"));
        CheckedOut checkedOut = loans.checkout(licenceId, request, LcpLicences.userKey(request.passphrase()));
        String location = documents.loanUrl(checkedOut.loan());
        if (!checkedOut.created()) {
            return Answer.empty(303).with("Location", location);
        }
        return statusDocument(checkedOut.loan(), 201).with("Location", location);
    }

    /** The loan's LCP licence; fetching it is what makes a ready loan active. */
    private Answer lcpLicence(UUID loanId) {
        Loan loan = loans.activate(loanId);
        Publication publication = catalogue.publicationOf(loan.licenceId()).orElseThrow();
        return Answer.json(200, OdlDocuments.LCP_LICENCE, lcp.licence(loan, publication));
    }

    /** The publication the LCP licence points to, while the loan holds a copy. */
    private Answer loanPublication(UUID loanId) {
        Loan loan = loan(loanId.toString());
        if (!loan.status().holdsCopy()) {
            throw new Refusal(403, "about:blank", "Loan ended", "The loan is " + loan.status().json() + ".");
        }
        Publication p = catalogue.publicationOf(loan.licenceId()).orElseThrow();
        return p.kind() == Kind.AUDIOBOOK ? Answer.file(Kind.AUDIOBOOK.licenceFormat, files.audiobook(p))
                : Answer.file("application/epub+zip", files.epub(p));
    }

    /** Covers, samples and open-access books, by file name {@code {isbn}.{png|epub|wav}}. */
    private Answer file(String folder, String name) {
        int dot = name.lastIndexOf('.');
        Publication p = dot < 0 ? null : catalogue.publication(name.substring(0, dot)).orElse(null);
        String file = folder + "/" + (dot < 0 ? "" : name.substring(dot + 1));
        if (p != null && file.equals("covers/png")) {
            return Answer.file("image/png", files.cover(p));
        }
        if (p != null && file.equals("samples/epub") && p.kind() == Kind.EBOOK) {
            return Answer.file("application/epub+zip", files.epub(p));
        }
        if (p != null && file.equals("samples/wav") && p.kind() == Kind.AUDIOBOOK) {
            return Answer.file("audio/wav", files.silence());
        }
        if (p != null && file.equals("content/epub") && p.openAccess()) {
            return Answer.file("application/epub+zip", files.epub(p));
        }
        throw Refusal.notFound("No file " + folder + "/" + name + ".");
    }

    private Answer statusDocument(Loan loan) {
        return statusDocument(loan, 200);
    }

    private Answer statusDocument(Loan loan, int status) {
        ObjectNode document = documents.status(loan, loans.renewable(loan));
        Publication p = catalogue.publicationOf(loan.licenceId()).orElse(null);
        if (p != null && p.kind() == Kind.AUDIOBOOK && loan.status().holdsCopy()) {
            // an audiobook's Readium manifest, for players that stream it rather than open the LCP package
            document.withArray("links").addObject().put("rel", "publication")
                    .put("href", documents.loanUrl(loan) + "/manifest").put("type", AUDIOBOOK_MANIFEST);
        }
        return Answer.json(status, OdlDocuments.STATUS_DOCUMENT, document);
    }

    static final String AUDIOBOOK_MANIFEST = "application/audiobook+json";

    /** The audiobook's Readium manifest while the loan holds a copy: its track is the title's sample. */
    private Answer audiobookManifest(UUID loanId) {
        Loan loan = loan(loanId.toString());
        Publication p = catalogue.publicationOf(loan.licenceId()).orElseThrow();
        if (!loan.status().holdsCopy() || p.kind() != Kind.AUDIOBOOK) {
            throw new Refusal(404, "about:blank", "No audiobook manifest", "This loan has no audiobook manifest now.");
        }
        ObjectNode manifest = OdlDocuments.JSON.createObjectNode();
        manifest.put("@context", "https://readium.org/webpub-manifest/context.jsonld");
        manifest.putObject("metadata").put("@type", "http://schema.org/Audiobook").put("conformsTo", OdlDocuments.AUDIOBOOK_PROFILE)
                .put("title", p.title()).put("identifier", p.identifier()).put("language", p.language()).put("duration", 1);
        manifest.putArray("links").addObject().put("rel", "self").put("href", documents.loanUrl(loan) + "/manifest")
                .put("type", AUDIOBOOK_MANIFEST);
        manifest.putArray("readingOrder").addObject().put("href", baseUrl() + "/samples/" + p.isbn() + ".wav")
                .put("type", "audio/wav").put("duration", 1);
        return Answer.json(200, AUDIOBOOK_MANIFEST, manifest);
    }

    /** The {@code /_sim} API: the same test controls as the Java methods, for a simulator in another JVM. */
    private Answer admin(Request r) {
        String action = r.segment(1) == null ? "" : r.segment(1);
        int depth = r.segments().size();
        return switch (action) {
            case "checkouts" -> only(r, "GET", () -> {
                ArrayNode all = OdlDocuments.JSON.createArrayNode();
                checkouts().forEach(c -> all.add(OdlDocuments.checkout(c)));
                return Answer.json(200, "application/json", all);
            });
            case "notifications" -> only(r, "GET", () -> {
                ArrayNode all = OdlDocuments.JSON.createArrayNode();
                notificationsSent().forEach(n -> all.add(OdlDocuments.notification(n)));
                return Answer.json(200, "application/json", all);
            });
            case "requests" -> only(r, "GET", () -> {
                ArrayNode all = OdlDocuments.JSON.createArrayNode();
                requests().forEach(q -> all.addObject().put("method", q.method()).put("path", q.path())
                        .put("query", q.query()).put("receivedAt", q.receivedAt().toString()).put("status", q.status()));
                return Answer.json(200, "application/json", all);
            });
            case "fail" -> only(r, "POST", () -> {
                failNext(number(r, "count"), number(r, "status"));
                return Answer.empty(204);
            });
            case "slow" -> only(r, "POST", () -> {
                slowDown(Duration.ofMillis(number(r, "ms")));
                return Answer.empty(204);
            });
            case "lending-delay" -> only(r, "POST", () -> {
                answerLendingAfter(Duration.ofMillis(number(r, "ms")));
                return Answer.empty(204);
            });
            case "unavailable" -> depth == 3 ? only(r, "POST", () -> {
                makeUnavailable(uuid(r.segment(2)));
                return Answer.empty(204);
            }) : notFound(r);
            case "revoke", "expire" -> depth == 3 ? only(r, "POST", () -> {
                UUID loanId = uuid(r.segment(2));
                loans.end(loanId, action.equals("revoke") ? Status.REVOKED : Status.EXPIRED).ifPresent(this::notifyCheckout);
                return Answer.empty(204);
            }) : notFound(r);
            case "reset" -> only(r, "POST", () -> {
                reset();
                return Answer.empty(204);
            });
            default -> notFound(r);
        };
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    private void expireDueLoans() {
        try {
            loans.expireDue().forEach(this::notifyCheckout);
        } catch (RuntimeException e) {
            // the next check tries again
        }
    }

    private void notifyCheckout(Loan loan) {
        if (loan.notificationUrl() != null) {
            notifier.send(loan.id(), loan.notificationUrl(), loan.status(), documents.notification(loan).toString());
        }
    }

    private int nextFailure() {
        synchronized (faults) {
            if (failuresLeft > 0) {
                failuresLeft--;
                return failureStatus;
            }
            return 0;
        }
    }

    private boolean authorized(String authorization) {
        if (authorization == null) {
            return false;
        }
        if (options.bearerToken() != null && authorization.startsWith("Bearer ")) {
            return same(authorization.substring("Bearer ".length()).trim(), options.bearerToken());
        }
        if (options.basicUser() != null && authorization.startsWith("Basic ")) {
            String expected = options.basicUser() + ":" + options.basicPassword();
            try {
                String given = new String(Base64.getDecoder().decode(authorization.substring("Basic ".length()).trim()),
                        StandardCharsets.UTF_8);
                return same(given, expected);
            } catch (IllegalArgumentException notBase64) {
                return false;
            }
        }
        return false;
    }

    private static boolean same(String given, String expected) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    private interface Endpoint {
        Answer answer();
    }

    private static Answer only(Request r, String method, Endpoint endpoint) {
        if (!r.method().equals(method)) {
            return Answer.problem(405, "about:blank", "Method Not Allowed", r.method() + " " + r.path()
                    + " is not supported; use " + method + ".").with("Allow", method);
        }
        return endpoint.answer();
    }

    private static Answer putOrGet(Request r, Endpoint endpoint) {
        if (!r.method().equals("PUT") && !r.method().equals("GET")) {
            return Answer.problem(405, "about:blank", "Method Not Allowed", "Use PUT.").with("Allow", "PUT, GET");
        }
        return endpoint.answer();
    }

    private static Answer notFound(Request r) {
        return Answer.problem(404, "about:blank", "Not Found", "Nothing at " + r.path() + ".");
    }

    private Loan loan(String id) {
        UUID loanId = uuid(id);
        return loans.loan(loanId).orElseThrow(() -> Refusal.notFound("No loan " + id + " at this distributor."));
    }

    private Licence licence(UUID licenceId) {
        return catalogue.licence(licenceId).orElseThrow(() -> new IllegalArgumentException("no licence " + licenceId));
    }

    private static UUID uuid(String s) {
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException | NullPointerException notUuid) {
            throw Refusal.notFound("No such id: " + s + ".");
        }
    }

    private static int number(Request r, String name) {
        try {
            return Integer.parseInt(r.param(name));
        } catch (NumberFormatException notANumber) {
            throw new Refusal(400, "about:blank", "Bad Request", name + " must be a whole number.");
        }
    }

    private static byte[] hintPage() {
        return ("<!DOCTYPE html><html lang=\"fi\"><head><meta charset=\"utf-8\"><title>Salasana / Lösenord / Passphrase"
                + "</title></head><body><p>Kirjan salasana on se, jonka valitsit kirjastosi sovelluksessa.</p>"
                + "<p>Bokens lösenord är det du valde i ditt biblioteks app.</p>"
                + "<p>The book's passphrase is the one you chose in your library's app.</p></body></html>")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Reads the method, path, query and (for a form POST) the body's parameters; the query wins over the body. */
    private static Request read(HttpExchange exchange) throws IOException {
        String rawPath = exchange.getRequestURI().getRawPath();
        List<String> segments = Arrays.stream(rawPath.split("/")).filter(s -> !s.isEmpty())
                .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8)).toList();
        Map<String, String> params = new LinkedHashMap<>();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        parseForm(rawQuery, params);
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null && contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
            Map<String, String> form = new LinkedHashMap<>();
            parseForm(new String(body, StandardCharsets.UTF_8), form);
            form.forEach(params::putIfAbsent);
        }
        return new Request(exchange.getRequestMethod(), rawPath, segments, withoutPassphrase(rawQuery), params,
                exchange.getRequestHeaders().getFirst("Authorization"));
    }

    private static void parseForm(String encoded, Map<String, String> into) {
        if (encoded == null || encoded.isEmpty()) {
            return;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            into.putIfAbsent(name, value);
        }
    }

    private static String withoutPassphrase(String rawQuery) {
        return rawQuery == null ? null : rawQuery.replaceAll("(^|&)passphrase=[^&]*", "$1passphrase=(not recorded)");
    }

    private void record(RecordedRequest request) {
        synchronized (requests) {
            requests.addLast(request);
            if (requests.size() > REQUESTS_KEPT) {
                requests.removeFirst();
            }
        }
        if (options.log() != null) {
            options.log().println(request.receivedAt() + " " + request.method() + " " + request.path() + " " + request.status());
        }
    }

    private static void write(HttpExchange exchange, Answer answer) throws IOException {
        try (exchange) {
            if (answer.contentType() != null) {
                exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            }
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            byte[] body = answer.body();
            exchange.sendResponseHeaders(answer.status(), body == null || body.length == 0 ? -1 : body.length);
            if (body != null && body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
