package fi.lainaamo.platform.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import javax.sql.DataSource;
import java.sql.Connection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Readiness that tells the truth within two seconds whatever the dependencies do: DOWN while the database or the
 * broker does not answer within {@link Consumers#ASK_WITHIN}; with each consumer's lag, open dead letters and, when
 * one is retrying a record, since when and why. (Quarkus's own database and Kafka checks wait as long as a frozen
 * dependency lets them, so they are switched off in favour of this one.)
 */
@ApplicationScoped
@org.eclipse.microprofile.health.Readiness
public class Readiness implements HealthCheck {

    private static final ExecutorService PROBES = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "readiness-probe");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    DataSource dataSource;

    @Inject
    Consumers consumers;

    @Inject
    DeadLetters deadLetters;

    @Inject
    EventIntake intake;

    @Override
    public HealthCheckResponse call() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
        CompletableFuture<Boolean> database = CompletableFuture.supplyAsync(this::databaseAnswers, PROBES);
        CompletableFuture<Boolean> broker = CompletableFuture.supplyAsync(consumers::brokerAnswers, PROBES);
        CompletableFuture<Map<String, Long>> open = CompletableFuture.supplyAsync(deadLetters::openByConsumer, PROBES);
        Map<String, CompletableFuture<Optional<Consumers.Lag>>> lags = new java.util.TreeMap<>();
        for (Consumers.Consumer consumer : consumers.all()) {
            lags.put(consumer.channel(), CompletableFuture.supplyAsync(() -> consumers.lag(consumer), PROBES));
        }
        boolean databaseUp = within(database, deadline).orElse(false);
        boolean brokerUp = within(broker, deadline).orElse(false);
        Map<String, Long> openLetters = databaseUp ? within(open, deadline).orElse(Map.of()) : Map.of();

        HealthCheckResponseBuilder response = HealthCheckResponse.named("Lainaamo dependencies and consumers")
                .status(databaseUp && brokerUp)
                .withData("database", databaseUp ? "UP" : "DOWN (does not answer)")
                .withData("kafka", brokerUp ? "UP" : "DOWN (does not answer)");
        Map<String, EventIntake.Retrying> retrying = intake.retrying();
        for (Consumers.Consumer consumer : consumers.all()) {
            String lag = within(lags.get(consumer.channel()), deadline).flatMap(l -> l)
                    .map(l -> String.valueOf(l.total())).orElse("unknown");
            StringBuilder state = new StringBuilder("lag ").append(lag)
                    .append(", dead letters ").append(openLetters.getOrDefault(consumer.channel(), 0L));
            if (consumers.paused(consumer.channel())) {
                state.append(", paused");
            }
            EventIntake.Retrying retry = retrying.get(consumer.channel());
            if (retry != null) {
                state.append(", retrying ").append(retry.topic()).append('/').append(retry.partition()).append('@')
                        .append(retry.offset()).append(" since ").append(retry.since()).append(" (").append(retry.attempts())
                        .append(" attempts): ").append(retry.lastFailure());
            }
            response.withData("consumer " + consumer.channel(), state.toString());
        }
        return response.build();
    }

    private boolean databaseAnswers() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(1);
        } catch (Exception e) {
            return false;
        }
    }

    private static <T> Optional<T> within(CompletableFuture<T> probe, long deadlineNanos) {
        try {
            return Optional.ofNullable(probe.get(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS));
        } catch (Exception unanswered) {
            return Optional.empty();
        }
    }
}
