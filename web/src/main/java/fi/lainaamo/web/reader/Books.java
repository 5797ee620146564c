package fi.lainaamo.web.reader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.lainaamo.web.api.Answer;
import fi.lainaamo.web.api.Api;
import fi.lainaamo.web.session.Visit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Where a loan's book is, found the way any reading app finds it: the loan's signed fulfilment link
 * (loan-service {@code GET /v1/loans/{id}/fulfilment}), followed with {@code as=manifest}. Our own content answers
 * with a redirect to catalog-service's Readium Web Publication Manifest (signed for a few minutes; every chapter href
 * in it carries the signature); anything else (a distributor's LCP licence, an open-access file) is for a reading
 * app. No token goes to catalog-service: the signature is the permission.
 */
@ApplicationScoped
public class Books {

    /** catalog-service's signed manifest of a title's content. */
    private static final Pattern MANIFEST = Pattern.compile("/v1/publications/[0-9a-fA-F-]{36}/manifest");
    static final String LCP_LICENCE = "application/vnd.readium.lcp.license.v1.0+json";

    @ConfigProperty(name = "lainaamo.web.loan-url")
    String loanUrl;
    @ConfigProperty(name = "lainaamo.web.catalog-url")
    String catalogUrl;
    @ConfigProperty(name = "lainaamo.web.api-timeout", defaultValue = "PT15S")
    Duration timeout;
    @Inject
    ObjectMapper json;

    /** Redirects are read, not followed: where the link leads decides how the book is read. */
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** What a loan opens as. */
    public sealed interface Opened {
    }

    /** Our own EPUB: its manifest (title, reading order, table of contents). */
    public record Book(JsonNode manifest) implements Opened {
        public String title() {
            return manifest.path("metadata").path("title").asText("");
        }

        public String language() {
            return manifest.path("metadata").path("language").asText("");
        }
    }

    /** Our own audiobook: the stored Readium audiobook manifest (tracks with absolute URLs). */
    public record Audiobook(JsonNode manifest) implements Opened {
    }

    /**
     * A distributor's title protected with Readium LCP ({@code lcp}), or an open-access file: a reading app opens it.
     */
    public record ForApp(boolean lcp) implements Opened {
    }

    /** The loan cannot be opened (ended, not the patron's): the API's reasons. */
    public record Refused(int status, List<String> reasons) implements Opened {
    }

    public Opened open(Visit visit, UUID loanId) {
        Answer link = visit.asPatron("GET", Api.Service.LOAN, "/v1/loans/" + loanId + "/fulfilment", null);
        if (!link.ok()) {
            return new Refused(link.status(), link.reasons());
        }
        URI href = URI.create(link.body().path("href").asText());
        // the link as loan-service saw its own address; reached here by the address this app is configured with
        URI followed = URI.create(loanUrl + href.getRawPath() + "?" + href.getRawQuery() + "&as=manifest");
        HttpResponse<String> redirect = send(followed, "application/json");
        if (redirect.statusCode() != 303 && redirect.statusCode() != 302) {
            return new Refused(redirect.statusCode(), List.of());
        }
        URI location = followed.resolve(redirect.headers().firstValue("Location").orElse(""));
        if (location.getRawPath() == null || !MANIFEST.matcher(location.getRawPath()).matches()) {
            // which kind the loan's status document (Readium LSD) says: an LCP licence link, or the file itself
            Answer status = visit.asPatron("GET", Api.Service.LOAN, "/v1/loans/" + loanId + "/status", null);
            boolean lcp = !status.ok();
            for (JsonNode statusLink : status.body().path("links")) {
                lcp |= LCP_LICENCE.equals(statusLink.path("type").asText());
            }
            return new ForApp(lcp);
        }
        HttpResponse<String> manifest = send(URI.create(catalogUrl + location.getRawPath() + "?" + location.getRawQuery()),
                "application/webpub+json, application/audiobook+json");
        if (manifest.statusCode() != 200) {
            return new Refused(manifest.statusCode(), List.of());
        }
        JsonNode document = parse(manifest.body());
        String type = manifest.headers().firstValue("Content-Type").orElse("");
        if (type.startsWith("application/audiobook+json") || isAudio(document)) {
            return new Audiobook(document);
        }
        return new Book(document);
    }

    static boolean isAudio(JsonNode manifest) {
        String kind = manifest.path("metadata").path("@type").asText("");
        return kind.endsWith("/Audiobook") || manifest.path("readingOrder").path(0).path("type").asText("").startsWith("audio/");
    }

    /** One chapter (XHTML) of our own content, by its site-relative signed href from the manifest. */
    public String chapter(String href) {
        HttpResponse<String> chapter = send(URI.create(catalogUrl + href), "application/xhtml+xml, text/html");
        if (chapter.statusCode() != 200) {
            throw new Api.Unavailable(Api.Service.CATALOG, new IllegalStateException("chapter status " + chapter.statusCode()));
        }
        return chapter.body();
    }

    private HttpResponse<String> send(URI uri, String accept) {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", accept).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Api.Unavailable(uri.getPort() == URI.create(catalogUrl).getPort() ? Api.Service.CATALOG : Api.Service.LOAN, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Api.Unavailable(Api.Service.LOAN, e);
        }
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (IOException notJson) {
            throw new Api.Unavailable(Api.Service.CATALOG, notJson);
        }
    }
}
