package fi.lainaamo.web.session;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RefreshesTest {

    @Test
    void twoRequestsWithTheSameRefreshTokenRefreshOnceAndShareTheNewTokens() throws Exception {
        Refreshes refreshes = new Refreshes();
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Session next = new Session("access-2", "refresh-2", Instant.now().plusSeconds(300));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Optional<Session>> first = pool.submit(() -> refreshes.once("refresh-1", () -> {
                calls.incrementAndGet();
                inside.countDown();
                await(release);
                return Optional.of(next);
            }));
            inside.await(5, TimeUnit.SECONDS);
            Future<Optional<Session>> second = pool.submit(() -> refreshes.once("refresh-1", () -> {
                calls.incrementAndGet();
                return Optional.empty(); // what patron-service would answer to a used refresh token
            }));
            release.countDown();
            assertSame(next, first.get(5, TimeUnit.SECONDS).orElseThrow());
            assertSame(next, second.get(5, TimeUnit.SECONDS).orElseThrow());
            assertEquals(1, calls.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aServiceThatDidNotAnswerIsAskedAgainNextTime() {
        Refreshes refreshes = new Refreshes();
        assertThrows(IllegalStateException.class, () -> refreshes.once("refresh-1", () -> {
            throw new IllegalStateException("patron-service did not answer");
        }));
        Session next = new Session("access-2", "refresh-2", Instant.now().plusSeconds(300));
        assertSame(next, refreshes.once("refresh-1", () -> Optional.of(next)).orElseThrow());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
