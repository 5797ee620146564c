package fi.lainaamo.devinfra;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An OpenID Connect provider for the local stack and the system tests, standing where a national strong
 * identification service stands: discovery, JWKS (an RSA key made at start), an authorize endpoint whose page lets
 * the user pick one of a few made-up test persons, and a token endpoint (authorization code with PKCE S256 and the
 * client secret) that answers an RS256 ID token with {@code sub}, {@code nonce}, the municipality claim and
 * {@code locale}. It knows one client. No real person's data: the persons are invented.
 */
public final class IdentityProviderSimulator implements AutoCloseable {

    /** The port with the local stack's fixed ports. */
    public static final int DEFAULT_PORT = 8087;
    public static final String CLIENT_ID = "lainaamo-web";
    public static final String CLIENT_SECRET = "local-test-secret";
    /** The claim carrying the municipality code (patron-service's lainaamo.oidc.municipality-claim). */
    public static final String MUNICIPALITY_CLAIM = "municipality";

    /** A made-up test person. */
    public record Person(String subject, String name, String municipality, String locale) {
    }

    /** Helsinki (091), Espoo (049, in Swedish), and Utsjoki (890), which no demo library serves. */
    public static final List<Person> PERSONS = List.of(
            new Person("test-person-1", "Testi Henkilö (Helsinki)", "091", "fi"),
            new Person("test-person-2", "Test Person (Esbo)", "049", "sv"),
            new Person("test-person-3", "Testi Pohjoinen (Utsjoki)", "890", "fi"));

    private record Grant(Person person, String clientId, String redirectUri, String nonce, String challenge, Instant expires) {
    }

    private final HttpServer server;
    private final RsaJsonWebKey key;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    private IdentityProviderSimulator(HttpServer server, RsaJsonWebKey key) {
        this.server = server;
        this.key = key;
    }

    /** Starts on the port (0: a free one). */
    public static IdentityProviderSimulator start(int port) throws IOException {
        RsaJsonWebKey key;
        try {
            key = RsaJwkGenerator.generateJwk(2048);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
        key.setKeyId("idp-" + Long.toHexString(System.nanoTime()));
        key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
        key.setUse("sig");
        HttpServer server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
        IdentityProviderSimulator simulator = new IdentityProviderSimulator(server, key);
        server.createContext("/.well-known/openid-configuration", simulator::discovery);
        server.createContext("/jwks", simulator::jwks);
        server.createContext("/authorize", simulator::authorize);
        server.createContext("/token", simulator::token);
        server.start();
        return simulator;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The issuer, and the URL its discovery document is under. */
    public String url() {
        return "http://localhost:" + port();
    }

    private void discovery(HttpExchange exchange) throws IOException {
        String base = url();
        json(exchange, 200, "{\"issuer\":\"" + base + "\",\"authorization_endpoint\":\"" + base + "/authorize\","
                + "\"token_endpoint\":\"" + base + "/token\",\"jwks_uri\":\"" + base + "/jwks\","
                + "\"response_types_supported\":[\"code\"],\"subject_types_supported\":[\"public\"],"
                + "\"id_token_signing_alg_values_supported\":[\"RS256\"],\"code_challenge_methods_supported\":[\"S256\"],"
                + "\"token_endpoint_auth_methods_supported\":[\"client_secret_post\",\"client_secret_basic\"],"
                + "\"scopes_supported\":[\"openid\"],\"claims_supported\":[\"sub\",\"name\",\"" + MUNICIPALITY_CLAIM + "\",\"locale\"]}");
    }

    private void jwks(HttpExchange exchange) throws IOException {
        json(exchange, 200, new JsonWebKeySet(key).toJson());
    }

    /** GET: the page to pick a test person; POST (the page's form): the redirect back with a code. */
    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        if (exchange.getRequestMethod().equals("POST")) {
            query.putAll(form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        }
        String redirectUri = query.get("redirect_uri");
        if (!CLIENT_ID.equals(query.get("client_id")) || redirectUri == null || !redirectUri.startsWith("http")) {
            html(exchange, 400, "<p>Unknown client or redirect_uri.</p>");
            return;
        }
        String state = query.getOrDefault("state", "");
        if (!"code".equals(query.get("response_type")) || !"S256".equals(query.get("code_challenge_method"))
                || query.get("code_challenge") == null || !query.getOrDefault("scope", "").contains("openid")) {
            redirect(exchange, redirectUri, "error=invalid_request&state=" + enc(state));
            return;
        }
        if (exchange.getRequestMethod().equals("GET")) {
            html(exchange, 200, page(query));
            return;
        }
        if (query.containsKey("cancel")) {
            redirect(exchange, redirectUri, "error=access_denied&state=" + enc(state));
            return;
        }
        Person person = PERSONS.stream().filter(p -> p.subject().equals(query.get("person"))).findFirst().orElse(null);
        if (person == null) {
            html(exchange, 400, "<p>Choose a test person.</p>");
            return;
        }
        String code = randomString();
        codes.put(code, new Grant(person, CLIENT_ID, redirectUri, query.get("nonce"), query.get("code_challenge"),
                Instant.now().plusSeconds(60)));
        redirect(exchange, redirectUri, "code=" + code + "&state=" + enc(state));
    }

    private static String page(Map<String, String> query) {
        StringBuilder hidden = new StringBuilder();
        for (String name : List.of("response_type", "client_id", "redirect_uri", "scope", "state", "nonce",
                "code_challenge", "code_challenge_method")) {
            if (query.containsKey(name)) {
                hidden.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"")
                        .append(escape(query.get(name))).append("\">");
            }
        }
        StringBuilder options = new StringBuilder();
        for (Person p : PERSONS) {
            options.append("<option value=\"").append(p.subject()).append("\">").append(escape(p.name()))
                    .append(", ").append(p.municipality()).append(", ").append(p.locale()).append("</option>");
        }
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Test identification</title></head>"
                + "<body><main><h1>Test identification</h1><p>A simulator of strong identification: the persons are made up.</p>"
                + "<form method=\"post\" action=\"/authorize\">" + hidden
                + "<label for=\"person\">Test person</label> <select id=\"person\" name=\"person\">" + options + "</select> "
                + "<button type=\"submit\" id=\"identify\">Identify</button> "
                + "<button type=\"submit\" id=\"cancel\" name=\"cancel\" value=\"1\">Cancel</button>"
                + "</form></main></body></html>";
    }

    private void token(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            json(exchange, 405, "{\"error\":\"invalid_request\"}");
            return;
        }
        Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String clientId = form.get("client_id");
        String secret = form.get("client_secret");
        String basic = exchange.getRequestHeaders().getFirst("Authorization");
        if (basic != null && basic.startsWith("Basic ")) {
            String[] pair = new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8).split(":", 2);
            clientId = URLDecoder.decode(pair[0], StandardCharsets.UTF_8);
            secret = pair.length > 1 ? URLDecoder.decode(pair[1], StandardCharsets.UTF_8) : null;
        }
        if (!CLIENT_ID.equals(clientId) || !CLIENT_SECRET.equals(secret)) {
            json(exchange, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        if (!"authorization_code".equals(form.get("grant_type"))) {
            json(exchange, 400, "{\"error\":\"unsupported_grant_type\"}");
            return;
        }
        Grant grant = form.get("code") == null ? null : codes.remove(form.get("code")); // a code is used once
        if (grant == null || grant.expires().isBefore(Instant.now()) || !grant.redirectUri().equals(form.get("redirect_uri"))
                || form.get("code_verifier") == null || !s256(form.get("code_verifier")).equals(grant.challenge())) {
            json(exchange, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(url());
        claims.setAudience(grant.clientId());
        claims.setSubject(grant.person().subject());
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(5);
        if (grant.nonce() != null) {
            claims.setClaim("nonce", grant.nonce());
        }
        claims.setClaim("name", grant.person().name());
        claims.setClaim(MUNICIPALITY_CLAIM, grant.person().municipality());
        claims.setClaim("locale", grant.person().locale());
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            String idToken = jws.getCompactSerialization();
            exchange.getResponseHeaders().add("Cache-Control", "no-store");
            json(exchange, 200, "{\"access_token\":\"" + randomString() + "\",\"token_type\":\"Bearer\",\"expires_in\":300,"
                    + "\"id_token\":\"" + idToken + "\"}");
        } catch (JoseException e) {
            json(exchange, 500, "{\"error\":\"server_error\"}");
        }
    }

    static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String randomString() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            values.putIfAbsent(name, value);
        }
        return new HashMap<>(values);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String escape(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static void redirect(HttpExchange exchange, String redirectUri, String query) throws IOException {
        String to = redirectUri + (URI.create(redirectUri).getRawQuery() == null ? "?" : "&") + query;
        exchange.getResponseHeaders().add("Location", to);
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        exchange.sendResponseHeaders(303, -1);
        exchange.close();
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, "application/json", body);
    }

    private static void html(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, "text/html; charset=utf-8", body);
    }

    private static void send(HttpExchange exchange, int status, String type, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
