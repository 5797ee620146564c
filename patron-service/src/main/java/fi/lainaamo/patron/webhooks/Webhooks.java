package fi.lainaamo.patron.webhooks;

import fi.lainaamo.patron.apps.PartnerApp;
import fi.lainaamo.platform.http.OutboundUrls;
import fi.lainaamo.platform.problem.ProblemException;
import fi.lainaamo.platform.security.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The webhook endpoints partner apps manage, and what the consortium admin sees of them. An app needs the scope
 * {@code webhooks:manage}, sees and changes only its own endpoints (another app's answers 404, as an unknown one), and
 * subscribes only to the types its scopes allow. The consortium admin sees every endpoint, can re-enable or disable
 * one, read its log and replay, but registers none (an endpoint belongs to an app).
 */
@ApplicationScoped
public class Webhooks {

    public static final String MANAGE_SCOPE = "webhooks:manage";
    static final int MAX_PAGE = 100;

    @Inject
    JsonWebToken token;

    @Inject
    EntityManager em;

    @Inject
    WebhookUrls urls;

    @Inject
    Event<WebhookQueued> queued;

    @ConfigProperty(name = "lainaamo.webhooks.max-endpoints-per-app", defaultValue = "20")
    int maxEndpointsPerApp;

    @ConfigProperty(name = "lainaamo.webhooks.previous-secret-grace", defaultValue = "24h")
    java.time.Duration previousSecretGrace;

    /** Who is asking: an app (its row) or the consortium admin (null app). */
    private record Actor(PartnerApp app) {
        boolean admin() {
            return app == null;
        }
    }

    private Actor actor() {
        if (token.getGroups() != null && token.getGroups().contains(Roles.CONSORTIUM_ADMIN)) {
            return new Actor(null);
        }
        String scope = token.getClaim("scope");
        if (scope == null || !Arrays.asList(scope.split(" ")).contains(MANAGE_SCOPE)) {
            throw new ProblemException(403, "scope-required", MANAGE_SCOPE);
        }
        PartnerApp app = PartnerApp.findById(token.getSubject());
        if (app == null || app.revokedAt != null) {
            throw new ProblemException(403, "forbidden");
        }
        return new Actor(app);
    }

    @Transactional
    public RegisteredWebhookEndpoint register(NewWebhookEndpoint request) {
        Actor actor = actor();
        if (actor.admin()) {
            throw new ProblemException(403, "webhook-app-only");
        }
        checkUrl(request.url());
        List<String> types = checkedTypes(actor.app(), request.eventTypes());
        long count = WebhookEndpoint.count("clientId", actor.app().clientId);
        if (count >= maxEndpointsPerApp) {
            throw ProblemException.conflict("too-many-webhooks", maxEndpointsPerApp);
        }
        em.createNativeQuery("insert into webhook_partner_key (client_id, pseudonym_key) values (?1, ?2) on conflict do nothing")
                .setParameter(1, actor.app().clientId).setParameter(2, WebhookSignature.randomKey()).executeUpdate();
        Instant now = now();
        WebhookEndpoint endpoint = new WebhookEndpoint();
        endpoint.id = UUID.randomUUID();
        endpoint.clientId = actor.app().clientId;
        endpoint.url = request.url().strip();
        endpoint.eventTypes = String.join(" ", types);
        endpoint.description = blankToNull(request.description());
        endpoint.secret = WebhookSignature.newSecret();
        endpoint.status = "enabled";
        endpoint.createdAt = now;
        endpoint.updatedAt = now;
        endpoint.persist();
        return new RegisteredWebhookEndpoint(WebhookEndpointView.of(endpoint), endpoint.secret);
    }

    /** The caller's endpoints (an admin: every app's, or one app's), oldest first; {@code status} narrows. */
    @Transactional
    public List<WebhookEndpointView> list(String status, String clientId) {
        Actor actor = actor();
        if (status != null && !status.equals("enabled") && !status.equals("disabled")) {
            throw new ProblemException(400, "invalid-request", List.of(new ProblemException.Violation("invalid-field", "status", "status")));
        }
        String owner = actor.admin() ? clientId : actor.app().clientId;
        StringBuilder query = new StringBuilder("1 = 1");
        List<Object> params = new ArrayList<>();
        if (owner != null) {
            params.add(owner);
            query.append(" and clientId = ?").append(params.size());
        }
        if (status != null) {
            params.add(status);
            query.append(" and status = ?").append(params.size());
        }
        query.append(" order by createdAt, id");
        return WebhookEndpoint.<WebhookEndpoint>find(query.toString(), params.toArray()).range(0, 999).list().stream()
                .map(WebhookEndpointView::of).toList();
    }

    @Transactional
    public WebhookEndpointView get(UUID id) {
        return WebhookEndpointView.of(visible(actor(), id));
    }

    @Transactional
    public WebhookEndpointView change(UUID id, WebhookEndpointChange change) {
        Actor actor = actor();
        WebhookEndpoint endpoint = visible(actor, id);
        if (change.url() != null) {
            checkUrl(change.url());
            endpoint.url = change.url().strip();
        }
        if (change.eventTypes() != null) {
            PartnerApp owner = actor.admin() ? PartnerApp.findById(endpoint.clientId) : actor.app();
            endpoint.eventTypes = String.join(" ", checkedTypes(owner, change.eventTypes()));
        }
        if (change.description() != null) {
            endpoint.description = blankToNull(change.description());
        }
        Instant now = now();
        if (Boolean.TRUE.equals(change.enabled()) && !endpoint.enabled()) {
            endpoint.status = "enabled";
            endpoint.disabledAt = null;
            endpoint.disabledReason = null;
            endpoint.adminToldAt = null;
            endpoint.consecutiveFailures = 0;
            endpoint.failingSince = null;
            // what waited while it was disabled goes now
            em.flush();
            em.createNativeQuery("update webhook_delivery set next_attempt_at = now() where endpoint_id = ?1 and status in ('pending', 'failed')")
                    .setParameter(1, id).executeUpdate();
            queued.fire(new WebhookQueued());
        } else if (Boolean.FALSE.equals(change.enabled()) && endpoint.enabled()) {
            endpoint.status = "disabled";
            endpoint.disabledAt = now;
            endpoint.disabledReason = actor.admin() ? "by-admin" : "by-app";
            endpoint.adminToldAt = now; // nobody needs telling what they did themselves
        }
        endpoint.updatedAt = now;
        return WebhookEndpointView.of(endpoint);
    }

    @Transactional
    public void delete(UUID id) {
        visible(actor(), id).delete();
    }

    /** A new secret; the previous one signs as well (a second signature) for {@code previous-secret-grace}. */
    @Transactional
    public RegisteredWebhookEndpoint rotateSecret(UUID id) {
        WebhookEndpoint endpoint = visible(actor(), id);
        endpoint.previousSecret = endpoint.secret;
        endpoint.previousSecretUntil = now().plus(previousSecretGrace);
        endpoint.secret = WebhookSignature.newSecret();
        endpoint.updatedAt = now();
        return new RegisteredWebhookEndpoint(WebhookEndpointView.of(endpoint), endpoint.secret);
    }

    /** The endpoint's delivery log, newest first, {@code limit} at a time after the cursor {@code after}. */
    @Transactional
    public DeliveryView.Page deliveries(UUID id, int limit, String after) {
        visible(actor(), id);
        if (limit < 1 || limit > MAX_PAGE) {
            throw new ProblemException(400, "invalid-request", List.of(new ProblemException.Violation("invalid-field", "limit", "limit")));
        }
        long before = Long.MAX_VALUE;
        if (after != null) {
            try {
                before = Long.parseLong(after);
            } catch (NumberFormatException e) {
                throw new ProblemException(400, "invalid-request", List.of(new ProblemException.Violation("invalid-cursor", "after")));
            }
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select event_id, event_type, occurred_at, status, attempts, last_status_code, last_error, "
                        + "last_attempt_at, next_attempt_at, sent_at, replays, seq from webhook_delivery where endpoint_id = ?1 and seq < ?2 "
                        + "order by seq desc limit ?3")
                .setParameter(1, id).setParameter(2, before).setParameter(3, limit + 1).getResultList();
        List<DeliveryView> items = new ArrayList<>();
        for (Object[] r : rows.subList(0, Math.min(limit, rows.size()))) {
            String status = (String) r[3];
            items.add(new DeliveryView((UUID) r[0], (String) r[1], instant(r[2]), status, ((Number) r[4]).intValue(),
                    r[5] == null ? null : ((Number) r[5]).intValue(), (String) r[6], instant(r[7]),
                    status.equals("pending") || status.equals("failed") ? instant(r[8]) : null, instant(r[9]), ((Number) r[10]).intValue()));
        }
        String next = rows.size() > limit ? String.valueOf(((Number) rows.get(limit - 1)[11]).longValue()) : null;
        return new DeliveryView.Page(items, next);
    }

    /** Queues again the deliveries of events in [from, to) that were sent or gave up; those still queued stay as they are. */
    @Transactional
    public ReplayRequest.Result replay(UUID id, ReplayRequest range) {
        visible(actor(), id);
        if (!range.from().isBefore(range.to())) {
            throw new ProblemException(422, "invalid-range");
        }
        int queuedAgain = em.createNativeQuery("update webhook_delivery set status = 'pending', attempts = 0, next_attempt_at = now(), "
                        + "last_error = null, replays = replays + 1 where endpoint_id = ?1 and occurred_at >= ?2 and occurred_at < ?3 "
                        + "and status in ('sent', 'dead')")
                .setParameter(1, id).setParameter(2, range.from()).setParameter(3, range.to()).executeUpdate();
        if (queuedAgain > 0) {
            queued.fire(new WebhookQueued());
        }
        return new ReplayRequest.Result(queuedAgain);
    }

    private WebhookEndpoint visible(Actor actor, UUID id) {
        WebhookEndpoint endpoint = WebhookEndpoint.findById(id);
        if (endpoint == null || (!actor.admin() && !endpoint.clientId.equals(actor.app().clientId))) {
            throw ProblemException.notFound("webhook-not-found", id);
        }
        return endpoint;
    }

    private void checkUrl(String url) {
        Optional<OutboundUrls.Refusal> refusal = urls.refusal(url == null ? null : url.strip());
        if (refusal.isPresent()) {
            throw new ProblemException(400, refusal.get().code, List.of(new ProblemException.Violation(refusal.get().code, "url")));
        }
    }

    /** The types, each known and allowed to the app by its scopes (and loans and holds only with its library). */
    private static List<String> checkedTypes(PartnerApp app, List<String> requested) {
        List<String> unknown = new ArrayList<>();
        List<ProblemException.Violation> forbidden = new ArrayList<>();
        List<String> scopes = app.scopeList();
        for (String code : requested) {
            Optional<WebhookType> type = WebhookType.ofCode(code.strip());
            if (type.isEmpty()) {
                unknown.add(code);
            } else if (!scopes.contains(type.get().group.scope)
                    || (type.get().group == WebhookType.Group.OWN_LIBRARY && app.libraryId == null)) {
                forbidden.add(new ProblemException.Violation("event-type-not-allowed", "eventTypes", code, type.get().group.scope));
            }
        }
        if (!unknown.isEmpty()) {
            throw new ProblemException(422, "unknown-event-type", String.join(", ", unknown));
        }
        if (!forbidden.isEmpty()) {
            throw new ProblemException(403, "event-type-not-allowed", forbidden);
        }
        return new ArrayList<>(new LinkedHashSet<>(requested.stream().map(String::strip).toList()));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("not a time: " + value.getClass());
    }
}
