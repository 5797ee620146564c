package fi.lainaamo.web.oidc;

import fi.lainaamo.web.api.Answer;
import fi.lainaamo.web.api.Api;
import fi.lainaamo.web.session.Session;
import fi.lainaamo.web.session.SessionCookie;
import fi.lainaamo.web.session.Visit;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Sign in with strong identification (OpenID Connect authorization code with PKCE): to the provider and back, then
 * patron-service's {@code POST /v1/sign-in/oidc} with the ID token, and the same session as a card sign-in.
 */
@Path("/sign-in/oidc")
@Produces(MediaType.TEXT_HTML)
@Blocking
public class StrongSignInPages {

    /** The identification under way: state, nonce, PKCE verifier and where to come back to, sealed, 10 minutes. */
    static final String PENDING_COOKIE = "lainaamo-oidc";
    private static final String COOKIE_PATH = "/sign-in/oidc";
    private static final int PENDING_SECONDS = 600;

    @Inject
    Visit visit;
    @Inject
    Api api;
    @Inject
    StrongIdentification provider;
    @Inject
    SessionCookie sealing;
    @Inject
    HttpServerRequest request;
    @Inject
    Template signIn;
    @Context
    UriInfo uri;
    @ConfigProperty(name = "lainaamo.web.secure-cookies", defaultValue = "true")
    boolean secureCookies;
    @ConfigProperty(name = "lainaamo.web.oidc.redirect-uri")
    Optional<String> redirectUri;

    private final SecureRandom random = new SecureRandom();

    /** The pending identification, carried in a {@link Session}'s fields so the existing sealing serves it as is. */
    record Pending(String state, String nonce, String verifier, String back) {
    }

    @GET
    public Response start(@QueryParam("back") String back) {
        String to = Visit.safeBack(back, "/shelf");
        if (!provider.isEnabled()) {
            return Response.seeOther(URI.create("/sign-in")).build();
        }
        Pending pending = new Pending(randomString(), randomString(), randomString() + randomString(), to);
        URI authorize;
        try {
            authorize = provider.authorize(Map.of("response_type", "code", "client_id", provider.clientId(),
                    "redirect_uri", callbackUri(), "scope", "openid", "state", pending.state(), "nonce", pending.nonce(),
                    "code_challenge", s256(pending.verifier()), "code_challenge_method", "S256",
                    "ui_locales", visit.lang()));
        } catch (StrongIdentification.Unavailable e) {
            return refused(502, to, visit.m().get("sign_in_strong_unavailable"));
        }
        Session sealed = new Session(pending.state() + " " + pending.nonce() + " " + pending.verifier(), pending.back(),
                Instant.now().plusSeconds(PENDING_SECONDS));
        request.response().addCookie(pendingCookie(sealing.encode(sealed, PENDING_COOKIE)).setMaxAge(PENDING_SECONDS));
        return Response.seeOther(authorize).build();
    }

    @GET
    @Path("callback")
    public Response callback(@QueryParam("code") String code, @QueryParam("state") String state,
                             @QueryParam("error") String error) {
        Optional<Pending> pending = pending();
        request.response().addCookie(pendingCookie("").setMaxAge(0)); // one use, whatever happens
        String to = pending.map(Pending::back).orElse("/shelf");
        if (pending.isEmpty() || state == null || !state.equals(pending.get().state())) {
            return refused(400, to, visit.m().get("sign_in_strong_state"));
        }
        if (error != null) {
            return refused(error.equals("access_denied") ? 403 : 502, to,
                    visit.m().get(error.equals("access_denied") ? "sign_in_strong_cancelled" : "sign_in_strong_failed"));
        }
        if (code == null || code.isBlank()) {
            return refused(400, to, visit.m().get("sign_in_strong_failed"));
        }
        Optional<String> idToken;
        try {
            idToken = provider.exchange(code, callbackUri(), pending.get().verifier());
        } catch (StrongIdentification.Unavailable e) {
            return refused(502, to, visit.m().get("sign_in_strong_unavailable"));
        }
        if (idToken.isEmpty() || !provider.nonce(idToken.get()).map(pending.get().nonce()::equals).orElse(false)) {
            return refused(502, to, visit.m().get("sign_in_strong_failed"));
        }
        Answer tokens = api.post(Api.Service.PATRON, "/v1/sign-in/oidc", Map.of("idToken", idToken.get()), null, visit.locale());
        if (!tokens.ok()) {
            return refused(tokens.status() >= 500 ? 502 : tokens.status(), to, tokens.detail());
        }
        visit.begin(Visit.fromTokens(tokens));
        return Response.seeOther(URI.create(to)).build();
    }

    private Optional<Pending> pending() {
        Cookie cookie = request.getCookie(PENDING_COOKIE);
        if (cookie == null) {
            return Optional.empty();
        }
        return sealing.decode(cookie.getValue(), PENDING_COOKIE)
                .filter(s -> s.accessExpires().isAfter(Instant.now()))
                .flatMap(s -> {
                    String[] parts = s.accessToken().split(" ");
                    return parts.length == 3 ? Optional.of(new Pending(parts[0], parts[1], parts[2], Visit.safeBack(s.refreshToken(), "/shelf")))
                            : Optional.empty();
                });
    }

    /** The sign-in page with the reason in words. */
    private Response refused(int status, String back, String problem) {
        Map<String, String> m = visit.m();
        TemplateInstance page = signIn.data("frame", visit.frame(m.get("sign_in_title"))).data("m", m).data("back", back)
                .data("card", "").data("problem", problem);
        return Response.status(status).entity(page).build();
    }

    private String callbackUri() {
        return redirectUri.filter(u -> !u.isBlank())
                .orElseGet(() -> uri.getBaseUriBuilder().path("sign-in/oidc/callback").build().toString());
    }

    private Cookie pendingCookie(String value) {
        return Cookie.cookie(PENDING_COOKIE, value).setPath(COOKIE_PATH).setHttpOnly(true).setSecure(secureCookies)
                .setSameSite(CookieSameSite.LAX);
    }

    private String randomString() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
