package fi.lainaamo.patron.webhooks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A partner's webhook receiver, as a partner would write one: a real HTTP server (the JDK's) on a free port that
 * verifies each request's Standard Webhooks signature with the secret it was given at registration, and answers what
 * a test planned for its path (a status, or no answer until the sender times out), then the path's default.
 */
public final class Receiver {

    /** In a plan: keep the request waiting longer than the sender's response timeout. */
    public static final int TIMEOUT = -1;

    /** One request as it arrived, what the receiver made of its signature and what it answered. */
    public record Request(String path, String id, long timestamp, String body, String signature, boolean signatureValid, int answered) {
    }

    private final HttpServer server;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Map<String, Deque<Integer>> plans = new ConcurrentHashMap<>();
    private final Map<String, Integer> defaults = new ConcurrentHashMap<>();
    private final List<Request> requests = new ArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** A new path (its own endpoint) answering the planned statuses first, then {@code thenAnswer}. */
    public String path(String name, int thenAnswer, Integer... plan) {
        String path = "/hooks/" + name;
        defaults.put(path, thenAnswer);
        plans.put(path, new ConcurrentLinkedDeque<>(List.of(plan)));
        return path;
    }

    public String url(String path) {
        return "http://localhost:" + port() + path;
    }

    /** The secret the path's endpoint got at registration (or rotation). */
    public void secret(String path, String secret) {
        secrets.put(path, secret);
    }

    public void answer(String path, int status) {
        defaults.put(path, status);
    }

    public synchronized List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** The event ids that arrived with a valid signature and were accepted, each once. */
    public Set<String> accepted(String path) {
        Set<String> ids = new LinkedHashSet<>();
        requests(path).stream().filter(r -> r.signatureValid() && r.answered() >= 200 && r.answered() < 300).forEach(r -> ids.add(r.id()));
        return ids;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] raw;
        try (InputStream in = exchange.getRequestBody()) {
            raw = in.readAllBytes();
        }
        String body = new String(raw, StandardCharsets.UTF_8);
        String id = exchange.getRequestHeaders().getFirst("webhook-id");
        String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
        String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
        boolean valid = verify(secrets.get(path), id, timestamp, body, signature);
        Deque<Integer> plan = plans.get(path);
        Integer planned = plan == null ? null : plan.pollFirst();
        int status = planned != null ? planned : defaults.getOrDefault(path, 404);
        synchronized (this) {
            requests.add(new Request(path, id, timestamp == null ? 0 : Long.parseLong(timestamp), body, signature, valid, status));
        }
        if (status == TIMEOUT) {
            try {
                closing.await(4, TimeUnit.SECONDS); // longer than the sender waits (1 s in the tests)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            status = 200; // too late: the sender has given up on this attempt
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    /** Standard Webhooks: v1,base64(HMAC-SHA256(base64-decoded secret after whsec_, "id.timestamp.body")). */
    static boolean verify(String secret, String id, String timestamp, String body, String signatures) {
        if (secret == null || id == null || timestamp == null || signatures == null) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            String expected = "v1," + Base64.getEncoder().encodeToString(
                    mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
            for (String candidate : signatures.split(" ")) {
                if (java.security.MessageDigest.isEqual(candidate.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
                    return Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)) < 300;
                }
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    void stop() {
        closing.countDown();
        server.stop(0);
    }
}
