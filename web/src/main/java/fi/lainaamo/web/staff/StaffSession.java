package fi.lainaamo.web.staff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.lainaamo.web.api.Answer;
import fi.lainaamo.web.api.Api;
import fi.lainaamo.web.session.Session;
import fi.lainaamo.web.session.SessionCookie;
import fi.lainaamo.web.session.Visit;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * A staff member's session in the console: their tokens in a cookie of their own, {@code lainaamo-staff}, sealed
 * exactly like the patron's ({@link SessionCookie}, AES-256-GCM, HttpOnly, SameSite=Lax, Secure) but under its own
 * name, so a patron's session never opens as a staff one and a librarian who also borrows keeps both apart (signing
 * out of one does not end the other, and the patron pages never send a staff token).
 */
@RequestScoped
public class StaffSession {

    public static final String COOKIE = "lainaamo-staff";
    public static final String LIBRARIAN = "librarian";
    public static final String ADMIN = "consortium-admin";

    @Inject
    HttpServerRequest request;
    @Inject
    SessionCookie cookies;
    @Inject
    Api api;
    @Inject
    Visit visit;
    @Inject
    ObjectMapper json;
    @ConfigProperty(name = "lainaamo.web.secure-cookies", defaultValue = "true")
    boolean secureCookies;
    @ConfigProperty(name = "lainaamo.web.refresh-margin", defaultValue = "PT20S")
    Duration refreshMargin;

    private Optional<Session> session;
    private JsonNode claims;
    private boolean refreshed;

    public Optional<Session> session() {
        if (session == null) {
            Cookie cookie = request.getCookie(COOKIE);
            session = cookie == null ? Optional.empty() : cookies.decode(cookie.getValue(), COOKIE);
        }
        return session;
    }

    public boolean signedIn() {
        return session().isPresent();
    }

    /**
     * The token's claims, read only to choose which pages to offer (the services verify the signature and decide
     * again on every call); the token came to us from patron-service and only ever travels sealed.
     */
    JsonNode claims() {
        if (claims == null) {
            claims = session().map(s -> payload(s.accessToken())).orElse(json.createObjectNode());
        }
        return claims;
    }

    private JsonNode payload(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException | IllegalArgumentException notAToken) {
            return json.createObjectNode();
        }
    }

    public boolean has(String role) {
        for (JsonNode group : claims().path("groups")) {
            if (group.asText().equals(role)) {
                return true;
            }
        }
        return false;
    }

    public boolean admin() {
        return has(ADMIN);
    }

    public boolean staff() {
        return has(LIBRARIAN) || has(ADMIN);
    }

    public String libraryId() {
        return claims().path("libraryId").asText("");
    }

    /** Only librarians and consortium admins (or, with {@code adminOnly}, only admins) may see the page. */
    public void require(boolean adminOnly) {
        if (!signedIn()) {
            throw new StaffOnly(false);
        }
        if (!staff() || (adminOnly && !admin())) {
            throw new StaffOnly(true);
        }
    }

    public void begin(Answer tokens) {
        Session next = Visit.fromTokens(tokens);
        session = Optional.of(next);
        claims = null;
        request.response().addCookie(cookie(cookies.encode(next, COOKIE)));
    }

    public void end() {
        session = Optional.empty();
        claims = null;
        request.response().addCookie(cookie("").setMaxAge(0));
    }

    private Optional<String> token() {
        Optional<Session> current = session();
        if (current.isEmpty()) {
            return Optional.empty();
        }
        if (!refreshed && current.get().expiresWithin(refreshMargin, Instant.now())) {
            return refresh().map(Session::accessToken);
        }
        return Optional.of(current.get().accessToken());
    }

    private Optional<Session> refresh() {
        Optional<Session> current = session();
        if (current.isEmpty()) {
            return Optional.empty();
        }
        Answer tokens = api.post(Api.Service.PATRON, "/v1/token/refresh", Map.of("refreshToken", current.get().refreshToken()),
                null, visit.locale());
        if (!tokens.ok()) {
            end();
            return Optional.empty();
        }
        begin(tokens);
        refreshed = true;
        return session;
    }

    /** A call as the staff member; a 401 is answered by one refresh and one retry, then the sign-in page. */
    public Answer call(String method, Api.Service service, String path, Object body) {
        return retrying(token -> api.call(method, service, path, body, token, visit.locale()));
    }

    /** An upload as the staff member (the file's bytes as they are). */
    public Answer send(Api.Service service, String path, String contentType, byte[] body) {
        return retrying(token -> api.send("POST", service, path, contentType, body, token, visit.locale()));
    }

    /** A file (a chart, an export) as the staff member, to be relayed; the same refresh and retry on a 401. */
    public fi.lainaamo.web.api.Download download(Api.Service service, String path, String accept, java.time.Duration wait) {
        return retrying(token -> api.download(service, path, accept, token, visit.locale(), wait),
                fi.lainaamo.web.api.Download::status, fi.lainaamo.web.api.Download::close);
    }

    /**
     * A file a page loads alongside itself (a chart in an {@code <img>}), with the access token as it is: never
     * refreshed here, because the browser loads a page's images in parallel and a refresh token is used once — two
     * parallel refreshes would sign the staff member out. The page naming the image has just refreshed the tokens; an
     * expired one gets the service's 401, and the next page refreshes.
     */
    public fi.lainaamo.web.api.Download subresource(Api.Service service, String path, String accept, java.time.Duration wait) {
        Session current = session().orElseThrow(() -> new StaffOnly(false));
        return api.download(service, path, accept, current.accessToken(), visit.locale(), wait);
    }

    private Answer retrying(java.util.function.Function<String, Answer> call) {
        return retrying(call, Answer::status, unused -> { });
    }

    private <T> T retrying(java.util.function.Function<String, T> call, java.util.function.ToIntFunction<T> status,
                           java.util.function.Consumer<T> discard) {
        String token = token().orElseThrow(() -> new StaffOnly(false));
        T answer = call.apply(token);
        if (status.applyAsInt(answer) == 401) {
            discard.accept(answer);
            token = refresh().orElseThrow(() -> new StaffOnly(false)).accessToken();
            answer = call.apply(token);
            if (status.applyAsInt(answer) == 401) {
                discard.accept(answer);
                end();
                throw new StaffOnly(false);
            }
        }
        return answer;
    }

    /** Revokes the refresh token and forgets the session. */
    public void signOut() {
        try {
            session().ifPresent(s -> api.post(Api.Service.PATRON, "/v1/sign-out", Map.of("refreshToken", s.refreshToken()), null, visit.locale()));
        } catch (Api.Unavailable e) {
            // signed out here all the same; the refresh token then ends with its own lifetime
            io.quarkus.logging.Log.warnf("staff sign-out: %s", e.getMessage());
        }
        end();
    }

    private Cookie cookie(String value) {
        return Cookie.cookie(COOKIE, value).setPath("/staff").setHttpOnly(true).setSecure(secureCookies).setSameSite(CookieSameSite.LAX);
    }

    /** The page is for staff: nobody signed in as staff ({@code forbidden} false) or not allowed this page (true). */
    public static final class StaffOnly extends RuntimeException {
        final boolean forbidden;

        StaffOnly(boolean forbidden) {
            super(null, null, false, false);
            this.forbidden = forbidden;
        }
    }
}
