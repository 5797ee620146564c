package fi.lainaamo.systemtest;

import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A partner library system's webhook endpoint, as a partner would write one: it checks each request's Standard
 * Webhooks signature with the endpoint's secret and keeps what it accepted (a bad signature answers 401).
 */
final class WebhookReceiver implements AutoCloseable {

    /** One accepted delivery: its {@code webhook-id} and body. */
    record Delivery(String id, String body) {
    }

    /** The port the receiver listens on, chosen before the stack starts so patron-service may call it. */
    static final int PORT = fi.lainaamo.devinfra.Ports.free();

    private final HttpServer server;
    private final List<Delivery> accepted = new ArrayList<>();
    private volatile String secret;

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", PORT), 0);
        server.createContext("/hooks", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            String signatures = exchange.getRequestHeaders().getFirst("webhook-signature");
            boolean valid = id != null && timestamp != null && signatures != null && secret != null
                    && List.of(signatures.split(" ")).contains("v1," + sign(id + "." + timestamp + "." + new String(body, StandardCharsets.UTF_8)));
            if (valid) {
                synchronized (accepted) {
                    accepted.add(new Delivery(id, new String(body, StandardCharsets.UTF_8)));
                }
            }
            exchange.sendResponseHeaders(valid ? 204 : 401, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://localhost:" + PORT + "/hooks";
    }

    /** The endpoint's {@code whsec_…} secret, from its registration. */
    void secret(String whsec) {
        this.secret = whsec;
    }

    List<Delivery> accepted() {
        synchronized (accepted) {
            return List.copyOf(accepted);
        }
    }

    private String sign(String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
