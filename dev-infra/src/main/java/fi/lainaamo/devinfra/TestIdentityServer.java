package fi.lainaamo.devinfra;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Stands where patron-service's identity endpoints stand, for one service's tests: its JWKS and an OAuth2
 * client-credentials token endpoint that gives any caller a service token.
 */
public final class TestIdentityServer implements AutoCloseable {

    private final HttpServer server;

    private TestIdentityServer(HttpServer server) {
        this.server = server;
    }

    public static TestIdentityServer start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/.well-known/jwks.json", exchange -> reply(exchange, TestTokens.jwks()));
        server.createContext("/v1/oauth/token", exchange -> reply(exchange,
                "{\"access_token\":\"" + TestTokens.service("test-service") + "\",\"token_type\":\"Bearer\",\"expires_in\":900}"));
        server.start();
        return new TestIdentityServer(server);
    }

    public String baseUrl() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    private static void reply(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
