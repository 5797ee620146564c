package fi.lainaamo.web.session;

import fi.lainaamo.web.api.Answer;
import fi.lainaamo.web.api.Api;
import fi.lainaamo.web.i18n.Texts;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One request of a visitor: their language (the switch's cookie, else the browser's Accept-Language, else Finnish),
 * their session (tokens refreshed when the access token runs out) and what every page's frame shows.
 */
@RequestScoped
public class Visit {

    public static final String LANGUAGE_COOKIE = "lainaamo-lang";
    public static final ZoneId ZONE = ZoneId.of("Europe/Helsinki");

    @Inject
    HttpServerRequest request;
    @Inject
    Texts texts;
    @Inject
    SessionCookie cookies;
    @Inject
    Api api;
    @Inject
    Refreshes refreshes;
    @ConfigProperty(name = "lainaamo.web.secure-cookies", defaultValue = "true")
    boolean secureCookies;
    @ConfigProperty(name = "lainaamo.web.refresh-margin", defaultValue = "PT20S")
    java.time.Duration refreshMargin;

    private Locale locale;
    private Optional<Session> session;
    /** Refreshed once in this request already: the new access token is good for the rest of it. */
    private boolean refreshed;

    public Locale locale() {
        if (locale == null) {
            Cookie chosen = request.getCookie(LANGUAGE_COOKIE);
            if (chosen != null && Texts.LANGUAGES.contains(chosen.getValue())) {
                locale = Locale.forLanguageTag(chosen.getValue());
            } else {
                locale = fromBrowser(request.getHeader("Accept-Language"));
            }
        }
        return locale;
    }

    static Locale fromBrowser(String acceptLanguage) {
        if (acceptLanguage != null && !acceptLanguage.isBlank()) {
            try {
                String best = Locale.lookupTag(Locale.LanguageRange.parse(acceptLanguage), Texts.LANGUAGES);
                if (best != null) {
                    return Locale.forLanguageTag(best);
                }
            } catch (IllegalArgumentException malformed) {
                // fall back to Finnish
            }
        }
        return Locale.forLanguageTag("fi");
    }

    public String lang() {
        return locale().getLanguage();
    }

    public Map<String, String> m() {
        return texts.of(locale());
    }

    public String text(String key, Object... arguments) {
        return texts.format(locale(), key, arguments);
    }

    public String plural(String key, long n) {
        return texts.plural(locale(), key, n);
    }

    public String date(Instant instant) {
        return instant == null ? "" : DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale()).format(instant.atZone(ZONE));
    }

    public String date(LocalDate date) {
        return date == null ? "" : DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale()).format(date);
    }

    public String dateTime(Instant instant) {
        return instant == null ? "" : DateTimeFormatter.ofLocalizedDateTime(FormatStyle.LONG, FormatStyle.SHORT)
                .withLocale(locale()).format(instant.atZone(ZONE));
    }

    public String number(long n) {
        return NumberFormat.getIntegerInstance(locale()).format(n);
    }

    public Optional<Session> session() {
        if (session == null) {
            Cookie cookie = request.getCookie(SessionCookie.NAME);
            session = cookie == null ? Optional.empty() : cookies.decode(cookie.getValue());
        }
        return session;
    }

    public boolean signedIn() {
        return session().isPresent();
    }

    /**
     * The patron's access token, refreshed first with the refresh token when it has (nearly) run out; empty when
     * nobody is signed in or the refresh was refused (signed out elsewhere, blocked, erased): the session then ends.
     */
    public Optional<String> token() {
        Optional<Session> current = session();
        if (current.isEmpty()) {
            return Optional.empty();
        }
        if (!refreshed && current.get().expiresWithin(refreshMargin, Instant.now())) {
            return refresh().map(Session::accessToken);
        }
        return Optional.of(current.get().accessToken());
    }

    /** Exchanges the refresh token for new tokens (they rotate; once per token, see {@link Refreshes}); ends the session when refused. */
    public Optional<Session> refresh() {
        Optional<Session> current = session();
        if (current.isEmpty()) {
            return Optional.empty();
        }
        Optional<Session> refreshedSession = refreshes.once(current.get().refreshToken(), () -> {
            Answer tokens = api.post(Api.Service.PATRON, "/v1/token/refresh", Map.of("refreshToken", current.get().refreshToken()),
                    null, locale());
            return tokens.ok() ? Optional.of(fromTokens(tokens)) : Optional.empty();
        });
        if (refreshedSession.isEmpty()) {
            end();
            return Optional.empty();
        }
        Session next = refreshedSession.get();
        begin(next);
        this.refreshed = true;
        return Optional.of(next);
    }

    /** The session the sign-in (or refresh) answer describes. */
    public static Session fromTokens(Answer tokens) {
        return new Session(tokens.body().path("accessToken").asText(), tokens.body().path("refreshToken").asText(),
                Instant.now().plusSeconds(tokens.body().path("expiresIn").asLong(300)));
    }

    /** Signs the visitor in: the session cookie carries the tokens, sealed. */
    public void begin(Session next) {
        session = Optional.of(next);
        request.response().addCookie(cookie(SessionCookie.NAME, cookies.encode(next)));
    }

    /** Signs the visitor out here (the refresh token is revoked by the caller). */
    public void end() {
        session = Optional.empty();
        request.response().addCookie(cookie(SessionCookie.NAME, "").setMaxAge(0));
    }

    public void chooseLanguage(String language) {
        locale = Locale.forLanguageTag(language);
        request.response().addCookie(cookie(LANGUAGE_COOKIE, language).setMaxAge(365L * 24 * 3600));
    }

    private Cookie cookie(String name, String value) {
        return Cookie.cookie(name, value).setPath("/").setHttpOnly(true).setSecure(secureCookies)
                .setSameSite(CookieSameSite.LAX);
    }

    /** Where to come back to after signing in: this page, or the front page when this was a form's POST. */
    public String backAfterSignIn() {
        return request.method().name().equals("GET") ? request.uri() : "/";
    }

    /** The path and query of this request, for the language switch and "sign in, then come back". */
    public String here() {
        return request.uri();
    }

    /** What every page's frame shows: language, texts, whether signed in, the page's own title. */
    public Map<String, Object> frame(String title) {
        Map<String, Object> frame = new HashMap<>();
        frame.put("lang", lang());
        frame.put("title", title);
        frame.put("signedIn", signedIn());
        frame.put("here", here());
        frame.put("hereEncoded", java.net.URLEncoder.encode(here(), java.nio.charset.StandardCharsets.UTF_8));
        frame.put("languages", List.of(
                Map.of("code", "fi", "name", "Suomeksi", "current", lang().equals("fi")),
                Map.of("code", "sv", "name", "På svenska", "current", lang().equals("sv")),
                Map.of("code", "en", "name", "In English", "current", lang().equals("en"))));
        return frame;
    }

    /** A return path that stays on this site (no "//host" or absolute URL). */
    public static String safeBack(String back, String otherwise) {
        if (back == null || !back.startsWith("/") || back.startsWith("//") || back.contains("\\")) {
            return otherwise;
        }
        return back;
    }

    /**
     * A call with the patron's token; a 401 (the token ended early: a key rotation, a restart) is answered by one
     * refresh and one retry. Nobody signed in, or the refresh refused: {@link SignInNeeded}.
     */
    public Answer asPatron(String method, Api.Service service, String path, Object body) {
        String token = token().orElseThrow(SignInNeeded::new);
        Answer answer = api.call(method, service, path, body, token, locale());
        if (answer.status() == 401) {
            token = refresh().orElseThrow(SignInNeeded::new).accessToken();
            answer = api.call(method, service, path, body, token, locale());
            if (answer.status() == 401) {
                end();
                throw new SignInNeeded();
            }
        }
        return answer;
    }

    /** The page needs a signed-in patron: the visitor is sent to sign in and brought back. */
    public static final class SignInNeeded extends RuntimeException {
        public SignInNeeded() {
            super(null, null, false, false);
        }
    }
}
