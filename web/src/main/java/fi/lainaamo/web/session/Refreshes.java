package fi.lainaamo.web.session;

import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One refresh per refresh token. Refresh tokens are single-use (they rotate), and a page often makes two requests at
 * once with the same cookie: the live shelf's re-fetch while the patron clicks, the event stream opening, two tabs.
 * The first request refreshes at patron-service; any other request with the same old refresh token within
 * {@link #GRACE} waits for that answer and gets the same new tokens, instead of being refused (which would sign the
 * patron out). Kept in this instance's memory, keyed by a SHA-256 of the token; with several instances behind a load
 * balancer the race stays between instances (sticky sessions or a short grace at patron-service would close it).
 */
@ApplicationScoped
public class Refreshes {

    static final Duration GRACE = Duration.ofSeconds(30);

    private record Entry(CompletableFuture<Optional<Session>> result, Instant at) {
    }

    private final ConcurrentHashMap<String, Entry> recent = new ConcurrentHashMap<>();

    public Optional<Session> once(String refreshToken, Supplier<Optional<Session>> refresh) {
        Instant now = Instant.now();
        recent.values().removeIf(entry -> entry.at().isBefore(now.minus(GRACE)));
        String key = sha256(refreshToken);
        Entry mine = new Entry(new CompletableFuture<>(), now);
        Entry first = recent.putIfAbsent(key, mine);
        if (first != null) {
            try {
                return first.result().get(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            } catch (ExecutionException | TimeoutException e) {
                return Optional.empty();
            }
        }
        try {
            Optional<Session> next = refresh.get();
            mine.result().complete(next);
            return next;
        } catch (RuntimeException e) {
            recent.remove(key, mine); // the service did not answer: the next request tries again
            mine.result().completeExceptionally(e);
            throw e;
        }
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
