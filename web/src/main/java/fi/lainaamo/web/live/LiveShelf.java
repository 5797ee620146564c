package fi.lainaamo.web.live;

import fi.lainaamo.web.session.Visit;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The patron's live loan and hold changes for the open shelf and title pages. The browser must not hold the patron's
 * token, so it opens this stream (same site, the session cookie) and the web app opens loan-service's
 * {@code GET /v1/me/events} with the session's token and passes each event on: the same {@code id} (the outbox
 * sequence, so the browser's {@code Last-Event-ID} on reconnect goes upstream unchanged), the type as the event's
 * name, and as data the sentence the page announces, in the patron's language. {@code static/live.js} then fetches
 * the changed part of the page again.
 *
 * <p>Nothing blocks a thread while the stream is open: the upstream is read by the JDK HttpClient's line subscriber
 * (its own executor), each line parsed here and pushed into a Mutiny processor that Quarkus REST writes out. Only the
 * opening (refreshing the tokens, waiting for the upstream's status line) runs on a worker thread. When the upstream
 * ends, so does this stream, and the browser's EventSource reconnects by itself; when the browser goes away, the
 * upstream request is cancelled.
 */
@Path("/shelf/events")
public class LiveShelf {

    /** How long the browser waits before reconnecting after the stream ended (EventSource's {@code retry}). */
    static final long RETRY_MILLIS = 3000;

    @Inject
    Visit visit;
    @ConfigProperty(name = "lainaamo.web.loan-url")
    String loanUrl;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    public Multi<OutboundSseEvent> events(@HeaderParam("Last-Event-ID") String lastEventId, @Context Sse sse) {
        Map<String, String> texts = visit.m();
        Optional<String> token = visit.token();
        if (token.isEmpty()) {
            return signedOut(sse);
        }
        Upstream upstream = open(token.get(), lastEventId, sse, texts);
        if (upstream != null && upstream.status == 401) {
            // the token ended early (a key rotation, a restart): one refresh, one more try
            token = visit.refresh().map(s -> s.accessToken());
            if (token.isEmpty()) {
                return signedOut(sse);
            }
            upstream = open(token.get(), lastEventId, sse, texts);
            if (upstream != null && upstream.status == 401) {
                visit.end();
                return signedOut(sse);
            }
        }
        if (upstream == null || upstream.status != 200) {
            // loan-service did not answer: an empty stream, and the browser tries again after the retry time
            return Multi.createFrom().item(sse.newEventBuilder().name("heartbeat").data(String.class, "{}")
                    .reconnectDelay(RETRY_MILLIS * 3).build());
        }
        Flow.Subscription lines = upstream.lines;
        return upstream.out.onCancellation().invoke(() -> lines.cancel());
    }

    /** The session has ended (signed out elsewhere, blocked, erased): the page stops listening. */
    private static Multi<OutboundSseEvent> signedOut(Sse sse) {
        return Multi.createFrom().item(sse.newEventBuilder().name("signed-out").data(String.class, "{}").build());
    }

    /** One attempt at loan-service's stream: its status, and when 200 the lines' subscription and what they become. */
    private record Upstream(int status, Flow.Subscription lines, UnicastProcessor<OutboundSseEvent> out) {
    }

    /** Opens loan-service's stream; returns once its status line is in (null: it did not answer). */
    private Upstream open(String token, String lastEventId, Sse sse, Map<String, String> texts) {
        UnicastProcessor<OutboundSseEvent> out = UnicastProcessor.create();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(loanUrl + "/v1/me/events"))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token).GET();
        if (lastEventId != null && lastEventId.matches("\\d{1,19}")) {
            request.header("Last-Event-ID", lastEventId);
        }
        CompletableFuture<Integer> status = new CompletableFuture<>();
        CompletableFuture<Flow.Subscription> subscribed = new CompletableFuture<>();
        EventLines parser = new EventLines(out, sse, texts, subscribed);
        HttpResponse.BodyHandler<Void> handler = info -> {
            status.complete(info.statusCode());
            return info.statusCode() == 200 ? HttpResponse.BodySubscribers.fromLineSubscriber(parser)
                    : HttpResponse.BodySubscribers.discarding();
        };
        CompletableFuture<HttpResponse<Void>> response = http.sendAsync(request.build(), handler);
        response.whenComplete((done, failure) -> {
            status.complete(-1);
            out.onComplete(); // the upstream ended (or failed): the browser reconnects with its Last-Event-ID
        });
        try {
            int code = status.get(10, TimeUnit.SECONDS);
            if (code != 200) {
                return code < 0 ? null : new Upstream(code, null, null);
            }
            return new Upstream(200, subscribed.get(10, TimeUnit.SECONDS), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            Log.warnf("loan-service's event stream did not open: %s", e.toString());
            response.cancel(true);
            return null;
        }
    }

    /**
     * Reads the upstream's lines as Server-Sent Events ({@code id:}, {@code event:}, {@code data:}, a blank line
     * ends one) and hands each on: heartbeats as they are (they keep proxies from closing the connection), every
     * other event with its id and the sentence to announce.
     */
    static final class EventLines implements Flow.Subscriber<String> {
        private final UnicastProcessor<OutboundSseEvent> out;
        private final Sse sse;
        private final Map<String, String> texts;
        private final CompletableFuture<Flow.Subscription> subscribed;
        private String id;
        private String name;

        EventLines(UnicastProcessor<OutboundSseEvent> out, Sse sse, Map<String, String> texts,
                   CompletableFuture<Flow.Subscription> subscribed) {
            this.out = out;
            this.sse = sse;
            this.texts = texts;
            this.subscribed = subscribed;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscribed.complete(subscription);
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (line.isEmpty()) {
                if (name != null) {
                    out.onNext(event(id, name));
                }
                id = null;
                name = null;
            } else if (line.startsWith("id:")) {
                id = line.substring(3).trim();
            } else if (line.startsWith("event:")) {
                name = line.substring(6).trim();
            }
            // data is not passed on: the page fetches what changed with the patron's session, in its language
        }

        OutboundSseEvent event(String id, String name) {
            OutboundSseEvent.Builder event = sse.newEventBuilder().name(name).reconnectDelay(RETRY_MILLIS)
                    .data(String.class, announcement(texts, name));
            if (id != null && !id.isEmpty()) {
                event.id(id);
            }
            return event.build();
        }

        @Override
        public void onError(Throwable failure) {
            // the whole response's completion ends the browser's stream (see open)
        }

        @Override
        public void onComplete() {
            // the same
        }
    }

    /** What the page says aloud (and shows) for an event: "live_hold_ready" etc.; nothing for heartbeats. */
    static String announcement(Map<String, String> texts, String name) {
        String text = texts.get("live_" + name.replace('.', '_').replace('-', '_'));
        return text == null ? "{}" : text;
    }
}
