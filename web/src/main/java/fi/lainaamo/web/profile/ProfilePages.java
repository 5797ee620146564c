package fi.lainaamo.web.profile;

import com.fasterxml.jackson.databind.JsonNode;
import fi.lainaamo.web.api.Answer;
import fi.lainaamo.web.api.Api;
import fi.lainaamo.web.i18n.Texts;
import fi.lainaamo.web.session.Visit;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The patron's profile, {@code /profile}: language, e-mail, which notices come by which channel, loan history, the
 * GDPR export as a file, erasing their data (with a confirmation step), and Web Push on this browser. Everything
 * through patron-service's API with the session's token.
 */
@Path("/profile")
@Produces(MediaType.TEXT_HTML)
@Blocking
public class ProfilePages {

    /** patron-service's occasions and channels (patron-service README, "Notifications"), in the order shown. */
    static final List<String> OCCASIONS = List.of("hold-ready", "hold-ready-reminder", "hold-expired", "loan-due", "loan-expired");
    static final List<String> CHANNELS = List.of("in-app", "email", "push");

    @Inject
    Visit visit;
    @Inject
    Api api;
    @Inject
    Template profile;
    @Inject
    Template profileErase;
    @ConfigProperty(name = "lainaamo.web.patron-url")
    String patronUrl;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TemplateData
    public record Choice(String channel, String label, String name, String id, boolean checked) {
    }

    @TemplateData
    public record Occasion(String occasion, String label, List<Choice> channels) {
    }

    @GET
    public Response show(@QueryParam("done") String done) {
        return page(done, List.of(), 200);
    }

    private Response page(String done, List<String> problems, int status) {
        Answer me = visit.asPatron("GET", Api.Service.PATRON, "/v1/patrons/me", null);
        if (!me.ok()) {
            throw new Api.Unavailable(Api.Service.PATRON, new IllegalStateException("status " + me.status()));
        }
        Map<String, String> m = visit.m();
        JsonNode notices = me.body().path("notices");
        List<Occasion> occasions = new ArrayList<>();
        for (String occasion : OCCASIONS) {
            List<String> wanted = new ArrayList<>();
            JsonNode chosen = notices.path(occasion);
            if (chosen.isArray()) {
                chosen.forEach(c -> wanted.add(c.asText()));
            } else {
                wanted.addAll(CHANNELS); // no choice stored: the default is every channel
            }
            List<Choice> choices = new ArrayList<>();
            for (String channel : CHANNELS) {
                String key = occasion.replace('-', '_') + "_" + channel.replace('-', '_');
                choices.add(new Choice(channel, m.get("profile_channel_" + channel.replace('-', '_')), "notice-" + occasion,
                        "notice-" + key, wanted.contains(channel)));
            }
            occasions.add(new Occasion(occasion, m.get("profile_occasion_" + occasion.replace('-', '_')), choices));
        }
        String language = me.body().path("language").asText("fi");
        List<Map<String, Object>> languages = new ArrayList<>();
        for (String code : Texts.LANGUAGES) {
            languages.add(Map.of("code", code, "name", m.get("profile_language_" + code), "selected", code.equals(language)));
        }
        String doneText = done == null ? null : m.get("done_profile_" + done.replace('-', '_'));
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE).entity(profile.data("frame", visit.frame(m.get("profile_title"))).data("m", m)
                .data("email", me.body().path("email").asText("")).data("languages", languages)
                .data("occasions", occasions).data("history", me.body().path("loanHistoryOptIn").asBoolean(false))
                .data("emailOn", me.body().path("notifications").path("email").asBoolean(false))
                .data("done", doneText).data("problems", problems)).build();
    }

    /** One form for the whole profile: every occasion's channels are sent, so unticking all of them means "none". */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response save(MultivaluedMap<String, String> form) {
        Map<String, Object> change = new LinkedHashMap<>();
        String language = form.getFirst("language");
        if (language != null && Texts.LANGUAGES.contains(language)) {
            change.put("language", language);
        }
        String email = Optional.ofNullable(form.getFirst("email")).orElse("").strip();
        change.put("email", email);
        Map<String, List<String>> notices = new LinkedHashMap<>();
        for (String occasion : OCCASIONS) {
            List<String> channels = new ArrayList<>();
            for (String channel : Optional.ofNullable(form.get("notice-" + occasion)).orElse(List.of())) {
                if (CHANNELS.contains(channel) && !channels.contains(channel)) {
                    channels.add(channel);
                }
            }
            notices.put(occasion, channels);
        }
        change.put("notices", notices);
        if (!email.isEmpty()) {
            // e-mail as a channel only means something with the master switch on: ticking it turns e-mail on
            change.put("notifications", Map.of("email", notices.values().stream().anyMatch(c -> c.contains("email")), "inApp", true));
        }
        change.put("loanHistoryOptIn", "on".equals(form.getFirst("history")));
        Answer saved = visit.asPatron("PATCH", Api.Service.PATRON, "/v1/patrons/me", change);
        if (!saved.ok()) {
            return page(null, saved.reasons(), saved.status() >= 500 ? 503 : 422);
        }
        if (change.containsKey("language")) {
            visit.chooseLanguage((String) change.get("language")); // the app speaks the language the notices come in
        }
        return Response.seeOther(URI.create("/profile?done=saved")).build();
    }

    /**
     * The GDPR export as a file download: patron-service's document is passed through as it streams in (not held
     * here), named with today's date.
     */
    @GET
    @Path("export")
    @Produces(MediaType.APPLICATION_JSON)
    public Response export() {
        HttpResponse<InputStream> answer = exportFrom(visit.token().orElseThrow(Visit.SignInNeeded::new));
        if (answer.statusCode() == 401) {
            close(answer);
            answer = exportFrom(visit.refresh().orElseThrow(Visit.SignInNeeded::new).accessToken());
        }
        if (answer.statusCode() != 200) {
            close(answer);
            return page(null, List.of(visit.m().get("profile_export_failed")), 503);
        }
        return Response.ok(answer.body(), MediaType.APPLICATION_JSON_TYPE)
                .header("Content-Disposition", "attachment; filename=\"lainaamo-" + LocalDate.now(Visit.ZONE) + ".json\"")
                .header("Cache-Control", "no-store").build();
    }

    private HttpResponse<InputStream> exportFrom(String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(patronUrl + "/v1/patrons/me/export"))
                .timeout(Duration.ofSeconds(30)).header("Accept", "application/json")
                .header("Accept-Language", visit.lang()).header("Authorization", "Bearer " + token).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new Api.Unavailable(Api.Service.PATRON, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Api.Unavailable(Api.Service.PATRON, e);
        }
    }

    private static void close(HttpResponse<InputStream> answer) {
        try {
            answer.body().close();
        } catch (IOException ignored) {
            // nothing to keep
        }
    }

    /** "Erase my data": first this page says what it means and asks to confirm. */
    @GET
    @Path("erase")
    public Response confirmErase() {
        visit.token().orElseThrow(Visit.SignInNeeded::new);
        return eraseForm(List.of(), 200);
    }

    private Response eraseForm(List<String> problems, int status) {
        Map<String, String> m = visit.m();
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE).entity(profileErase.data("frame", visit.frame(m.get("profile_erase_title")))
                .data("m", m).data("problems", problems)).build();
    }

    /** Erases at patron-service (the other services follow by its event), then ends the session here. */
    @POST
    @Path("erase")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response erase(@FormParam("confirm") String confirm) {
        if (!"yes".equals(confirm)) {
            return eraseForm(List.of(visit.m().get("profile_erase_not_confirmed")), 422);
        }
        Answer erased = visit.asPatron("DELETE", Api.Service.PATRON, "/v1/patrons/me", null);
        if (!erased.ok()) {
            return eraseForm(erased.reasons(), erased.status() >= 500 ? 503 : 422);
        }
        visit.end(); // the refresh tokens are gone at patron-service with the patron
        return Response.seeOther(URI.create("/?done=erased")).build();
    }

    /** The VAPID public key for this browser's push subscription (patron-service's, public). */
    @GET
    @Path("push/key")
    @Produces(MediaType.APPLICATION_JSON)
    public Response pushKey() {
        Answer key = api.get(Api.Service.PATRON, "/v1/push/vapid-public-key", null, visit.locale());
        if (!key.ok()) {
            return Response.status(503).entity(Map.of()).build();
        }
        return Response.ok(Map.of("publicKey", key.body().path("publicKey").asText())).build();
    }

    /**
     * Registers this browser's push subscription with patron-service, with the session's token (the page's script
     * posts it as a form, with the CSRF token). 204 when registered; patron-service's refusal passes through.
     */
    @POST
    @Path("push")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response subscribe(@FormParam("endpoint") String endpoint, @FormParam("p256dh") String p256dh,
                              @FormParam("auth") String auth) {
        Map<String, Object> subscription = new HashMap<>();
        subscription.put("endpoint", endpoint);
        subscription.put("keys", Map.of("p256dh", p256dh == null ? "" : p256dh, "auth", auth == null ? "" : auth));
        Answer registered = visit.asPatron("POST", Api.Service.PATRON, "/v1/me/push-subscriptions", subscription);
        if (!registered.ok()) {
            return Response.status(registered.status()).entity(Map.of("detail", String.join(" ", registered.reasons()))).build();
        }
        return Response.noContent().build();
    }
}
