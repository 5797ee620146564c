package fi.lainaamo.patron.notifications;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.narayana.jta.QuarkusTransaction;
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

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Sends the pending e-mail notices through the channel's {@link SendingQueue} (claimed with a lease, sent with no
 * transaction open, marked sent only after the SMTP server accepted the message, retried with backoff). The only way
 * one patron gets an e-mail twice is the instance dying between the server's acceptance and the commit of "sent";
 * the header {@code X-Lainaamo-Notice} (the notice ids) lets a mail system drop such a duplicate. Addresses are read
 * from the profile at send time and never logged: failure texts are stored and logged with addresses blotted.
 */
@ApplicationScoped
public class EmailSender {

    private static final Pattern ADDRESS = Pattern.compile("[^\\s<>\"'(),;:]+@[^\\s<>\"'(),;:]+");

    @Inject
    EntityManager em;

    @Inject
    ReactiveMailer mailer;

    @Inject
    NoticeTexts texts;

    @Inject
    TitleNames titles;

    @Inject
    MeterRegistry metrics;

    @ConfigProperty(name = "lainaamo.notifications.email.enabled", defaultValue = "true")
    boolean enabled;

    @ConfigProperty(name = "lainaamo.notifications.email.batch-size", defaultValue = "20")
    int batchSize;

    @ConfigProperty(name = "lainaamo.notifications.email.send-timeout", defaultValue = "30s")
    Duration sendTimeout;

    @ConfigProperty(name = "lainaamo.notifications.email.first-retry", defaultValue = "30s")
    Duration firstRetry;

    @ConfigProperty(name = "lainaamo.notifications.email.max-backoff", defaultValue = "1h")
    Duration maxBackoff;

    @ConfigProperty(name = "lainaamo.notifications.email.max-attempts", defaultValue = "12")
    int maxAttempts;

    @ConfigProperty(name = "lainaamo.notifications.email.sweep-interval", defaultValue = "30s")
    Duration sweepInterval;

    private SendingQueue queue;

    @PostConstruct
    void init() {
        queue = new SendingQueue(Channel.EMAIL, new SendingQueue.Settings(enabled, batchSize, sendTimeout, firstRetry, maxBackoff, maxAttempts,
                        sweepInterval),
                em, metrics, this::deliver, EmailSender::blotted);
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) NoticeQueued queued) {
        if (queued.channel() == Channel.EMAIL) {
            queue.wakeUp();
        }
    }

    void started(@Observes StartupEvent event) {
        queue.start();
    }

    @Scheduled(every = "${lainaamo.notifications.email.sweep-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep() {
        queue.wakeUp();
    }

    void stop(@Observes ShutdownEvent event) {
        queue.stop();
    }

    /** Asks for a sending run. */
    public void wakeUp() {
        queue.wakeUp();
    }

    /** One e-mail for the gathered notices: the occasion's own e-mail for one, a combined one for several. */
    private SendingQueue.Outcome deliver(List<SendingQueue.Claimed> gathered) {
        SendingQueue.Claimed notice = gathered.get(0);
        String address = QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<String> found = em.createNativeQuery("select email from patron where id = ?1 and notify_by_email")
                    .setParameter(1, notice.patronId()).getResultList();
            return found.isEmpty() ? null : found.get(0);
        });
        if (address == null) {
            // the patron removed the address or turned e-mail off after the notice was queued
            return SendingQueue.Outcome.skipped("e-mail turned off or no address");
        }
        NoticeTexts.Email email = gathered.size() == 1
                ? texts.email(notice.occasion(), notice.language(), titles.of(notice.publicationId()).orElse(null), notice.at(), notice.renewable())
                : texts.digest(notice.language(), gathered.stream()
                        .map(n -> new NoticeTexts.Part(n.occasion(), titles.of(n.publicationId()).orElse(null), n.at())).toList());
        mailer.send(Mail.withText(address, email.subject(), email.text())
                        .setHtml(email.html())
                        .addHeader("Content-Language", email.language())
                        .addHeader("X-Lainaamo-Notice", String.join(",", gathered.stream().map(n -> n.id().toString()).toList())))
                .await().atMost(sendTimeout);
        return SendingQueue.Outcome.sent();
    }

    /** An SMTP refusal often quotes the recipient; logs and the database get the text without it. */
    static String blotted(String text) {
        return text == null ? null : ADDRESS.matcher(text).replaceAll("<address>");
    }
}
