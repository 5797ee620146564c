package fi.lainaamo.patron.apps;

import fi.lainaamo.patron.libraries.Library;
import fi.lainaamo.patron.patrons.Pins;
import fi.lainaamo.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Registration of partner apps and the check of their credentials at the token endpoint. */
@ApplicationScoped
public class PartnerApps {

    /** The scope of report-service's publisher data API; the app's tokens carry its publisher. */
    public static final String PUBLISHER_SCOPE = "reports:publisher";

    /**
     * Scopes a partner app can be given; the *-own-library ones are limited to the app's library. webhooks:manage lets it
     * register webhook endpoints; licences:read lets those receive licence events; reports:publisher lets it read
     * report-service's data of its one publisher's titles.
     */
    public static final Set<String> SCOPES = Set.of("catalogue:read", "loans:read-own-library", "reports:read-own-library",
            "webhooks:manage", "licences:read", PUBLISHER_SCOPE);
    private static final SecureRandom RANDOM = new SecureRandom();

    @ConfigProperty(name = "lainaamo.patrons.pin-cost", defaultValue = "10")
    int cost;

    @Transactional
    public RegisteredPartnerApp register(NewPartnerApp request) {
        List<ProblemException.Violation> errors = new ArrayList<>();
        List<String> unknown = request.scopes().stream().filter(s -> !SCOPES.contains(s)).toList();
        if (!unknown.isEmpty()) {
            errors.add(new ProblemException.Violation("unknown-scope", "scopes", String.join(", ", unknown)));
        }
        boolean ownLibrary = request.scopes().stream().anyMatch(s -> s.endsWith("-own-library"));
        if (ownLibrary && request.libraryId() == null) {
            errors.add(new ProblemException.Violation("library-required", "libraryId"));
        }
        if (request.libraryId() != null && Library.findById(request.libraryId()) == null) {
            errors.add(new ProblemException.Violation("library-not-found", "libraryId", request.libraryId()));
        }
        String publisher = request.publisher() == null ? null : request.publisher().strip();
        boolean publisherScope = request.scopes().contains(PUBLISHER_SCOPE);
        if (request.publisher() != null && publisher.isEmpty()) {
            errors.add(new ProblemException.Violation("invalid-publisher", "publisher"));
        } else if (publisherScope && publisher == null) {
            errors.add(new ProblemException.Violation("publisher-required", "publisher"));
        } else if (!publisherScope && publisher != null) {
            errors.add(new ProblemException.Violation("publisher-without-scope", "publisher", PUBLISHER_SCOPE));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(422, errors.get(0).code(), errors);
        }
        String secret = random(32);
        PartnerApp app = new PartnerApp();
        app.clientId = "app-" + random(12).toLowerCase().replace('_', 'x').replace('-', 'y');
        app.name = request.name().strip();
        app.secretHash = Pins.hash(secret, cost);
        app.scopes = String.join(" ", new LinkedHashSet<>(request.scopes()));
        app.libraryId = request.libraryId();
        app.publisher = publisher;
        app.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        app.persist();
        return new RegisteredPartnerApp(app.clientId, secret, app.name, app.scopeList(), app.libraryId, app.publisher);
    }

    /** Every registered app, oldest first (the staff console's list); at most {@code limit}. */
    @Transactional
    public List<PartnerAppView> list(int limit) {
        return PartnerApp.<PartnerApp>findAll(io.quarkus.panache.common.Sort.by("createdAt").and("clientId")).page(0, limit).list()
                .stream().map(PartnerAppView::of).toList();
    }

    /** The app whose id and secret these are, if it is registered and not revoked. */
    @Transactional
    public Optional<PartnerApp> authenticated(String clientId, String secret) {
        PartnerApp app = clientId == null ? null : PartnerApp.findById(clientId);
        if (app == null || app.revokedAt != null || !Pins.matches(app.secretHash, secret)) {
            return Optional.empty();
        }
        return Optional.of(app);
    }

    private static String random(int bytes) {
        byte[] raw = new byte[bytes];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }
}
