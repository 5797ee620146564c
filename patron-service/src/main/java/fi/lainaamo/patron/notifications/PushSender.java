package fi.lainaamo.patron.notifications;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Sends the pending push notices (RFC 8030): for each, the JSON {@code {occasion, title, body, url, noticeId}} in the
 * patron's language, encrypted for the subscription's browser ({@code aes128gcm}, RFC 8291) and POSTed to its
 * endpoint with a VAPID {@code Authorization} (RFC 8292), {@code TTL} and {@code Urgency}. Through the channel's
 * {@link SendingQueue}, like e-mail: 201/202 (any 2xx) is sent; 404/410 means the subscription is gone, so it is
 * dropped and the notice skipped; 429, 5xx and timeouts are retried with backoff; any other answer (400, 403, 413)
 * would never change, so the notice fails at once. Endpoints are checked against the outbound rule again before each
 * send, redirects are not followed, and no endpoint reaches a log line or the stored error.
 */
@ApplicationScoped
public class PushSender {

    private static final Pattern URL = Pattern.compile("https?://\\S+");

    @Inject
    EntityManager em;

    @Inject
    PushSubscriptions subscriptions;

    @Inject
    VapidKeys vapid;

    @Inject
    NoticeTexts texts;

    @Inject
    TitleNames titles;

    @Inject
    MeterRegistry metrics;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "lainaamo.notifications.push.enabled", defaultValue = "true")
    boolean enabled;

    @ConfigProperty(name = "lainaamo.notifications.push.batch-size", defaultValue = "20")
    int batchSize;

    @ConfigProperty(name = "lainaamo.notifications.push.send-timeout", defaultValue = "10s")
    Duration sendTimeout;

    @ConfigProperty(name = "lainaamo.notifications.push.first-retry", defaultValue = "30s")
    Duration firstRetry;

    @ConfigProperty(name = "lainaamo.notifications.push.max-backoff", defaultValue = "1h")
    Duration maxBackoff;

    @ConfigProperty(name = "lainaamo.notifications.push.max-attempts", defaultValue = "12")
    int maxAttempts;

    /** How long the push service may keep an undelivered message (the TTL header). */
    @ConfigProperty(name = "lainaamo.notifications.push.ttl", defaultValue = "24h")
    Duration ttl;

    /** Where the app shows the notice; the payload's url is this with the notice id appended. */
    @ConfigProperty(name = "lainaamo.notifications.push.open-url", defaultValue = "/notifications/")
    String openUrl;

    @ConfigProperty(name = "lainaamo.notifications.push.sweep-interval", defaultValue = "30s")
    Duration sweepInterval;

    private SendingQueue queue;
    private HttpClient http;

    @PostConstruct
    void init() {
        http = HttpClient.newBuilder().connectTimeout(sendTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
        queue = new SendingQueue(Channel.PUSH, new SendingQueue.Settings(enabled, batchSize, sendTimeout, firstRetry, maxBackoff, maxAttempts,
                        sweepInterval),
                em, metrics, this::deliver, PushSender::blotted);
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) NoticeQueued queued) {
        if (queued.channel() == Channel.PUSH) {
            queue.wakeUp();
        }
    }

    void started(@Observes StartupEvent event) {
        queue.start();
    }

    @Scheduled(every = "${lainaamo.notifications.push.sweep-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        queue.wakeUp();
    }

    void stop(@Observes ShutdownEvent event) {
        queue.stop();
    }

    /** One push message for the gathered notices of one subscription. */
    private SendingQueue.Outcome deliver(List<SendingQueue.Claimed> gathered) {
        SendingQueue.Claimed notice = gathered.get(0);
        Optional<PushSubscriptions.Target> found = notice.subscriptionId() == null ? Optional.empty() : subscriptions.target(notice.subscriptionId());
        if (found.isEmpty()) {
            return SendingQueue.Outcome.skipped("subscription removed");
        }
        PushSubscriptions.Target target = found.get();
        Optional<fi.lainaamo.platform.http.OutboundUrls.Refusal> refused = subscriptions.refusal(target.endpoint());
        if (refused.isPresent()) {
            return SendingQueue.Outcome.failed("endpoint refused: " + refused.get().code);
        }
        byte[] body = WebPushCrypto.encrypt(payload(gathered), WebPushCrypto.publicKey(WebPushCrypto.fromBase64url(target.p256dh())),
                WebPushCrypto.fromBase64url(target.auth()));
        URI endpoint = URI.create(target.endpoint());
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(sendTimeout)
                .header("TTL", String.valueOf(ttl.toSeconds()))
                .header("Content-Encoding", "aes128gcm")
                .header("Content-Type", "application/octet-stream")
                .header("Urgency", urgency(notice.occasion()))
                .header("Authorization", vapid.authorization(endpoint))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        int status;
        try {
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return SendingQueue.Outcome.retry(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SendingQueue.Outcome.retry("interrupted");
        }
        if (status >= 200 && status < 300) {
            return SendingQueue.Outcome.sent();
        }
        if (status == 404 || status == 410) {
            subscriptions.drop(notice.subscriptionId());
            return SendingQueue.Outcome.skipped("subscription gone (HTTP " + status + "), dropped");
        }
        if (status == 429 || status >= 500) {
            return SendingQueue.Outcome.retry("HTTP " + status);
        }
        return SendingQueue.Outcome.failed("HTTP " + status);
    }

    /**
     * {occasion, title, body, url, noticeId, lang}, small enough for any push service (well under 4 kB). Several
     * gathered notices are one message: occasion {@code several}, the count as its title, a line per notice, and
     * {@code noticeIds}.
     */
    private byte[] payload(List<SendingQueue.Claimed> gathered) {
        SendingQueue.Claimed notice = gathered.get(0);
        NoticeTexts.Push text = gathered.size() == 1
                ? texts.push(notice.occasion(), notice.language(), titles.of(notice.publicationId()).orElse(null), notice.at())
                : texts.pushDigest(notice.language(), gathered.stream()
                        .map(n -> new NoticeTexts.Part(n.occasion(), titles.of(n.publicationId()).orElse(null), n.at())).toList());
        ObjectNode message = json.createObjectNode()
                .put("occasion", gathered.size() == 1 ? notice.occasion().code : "several")
                .put("title", text.title())
                .put("body", text.body())
                .put("url", openUrl + notice.id())
                .put("noticeId", notice.id().toString());
        if (gathered.size() > 1) {
            gathered.forEach(n -> message.withArray("noticeIds").add(n.id().toString()));
        }
        message.put("lang", text.language());
        return message.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A ready hold waits for days at most: high; the rest normal. */
    static String urgency(Occasion occasion) {
        return occasion == Occasion.HOLD_READY || occasion == Occasion.HOLD_READY_REMINDER ? "high" : "normal";
    }

    /** Failure texts of the HTTP client may quote the endpoint; logs and the database get them without it. */
    static String blotted(String text) {
        return text == null ? null : URL.matcher(text).replaceAll("<endpoint>");
    }
}
