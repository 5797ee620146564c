package fi.lainaamo.web.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/**
 * The four services' public HTTP APIs, as any front end calls them: JSON, the patron's bearer token, Accept-Language
 * so that problem details come back in the patron's language. The web app has no other way into Lainaamo.
 */
@ApplicationScoped
public class Api {

    /** Which service a call goes to; each one's base URL is configured (lainaamo.web.*-url). */
    public enum Service { PATRON, CATALOG, LICENSE, LOAN, REPORT }

    @ConfigProperty(name = "lainaamo.web.patron-url")
    String patronUrl;
    @ConfigProperty(name = "lainaamo.web.catalog-url")
    String catalogUrl;
    @ConfigProperty(name = "lainaamo.web.license-url")
    String licenseUrl;
    @ConfigProperty(name = "lainaamo.web.loan-url")
    String loanUrl;
    @ConfigProperty(name = "lainaamo.web.report-url")
    String reportUrl;
    @ConfigProperty(name = "lainaamo.web.api-timeout", defaultValue = "PT15S")
    Duration timeout;

    @Inject
    ObjectMapper json;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public Answer get(Service service, String path, String token, Locale language) {
        return call("GET", service, path, null, token, language);
    }

    public Answer post(Service service, String path, Object body, String token, Locale language) {
        return call("POST", service, path, body, token, language);
    }

    public Answer delete(Service service, String path, String token, Locale language) {
        return call("DELETE", service, path, null, token, language);
    }

    /** One call; a service that does not answer (refused, timed out) is {@link Unavailable}, never an empty page. */
    public Answer call(String method, Service service, String path, Object body, String token, Locale language) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base(service) + path)).timeout(timeout)
                .header("Accept", "application/json, application/problem+json")
                .header("Accept-Language", language.getLanguage());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            if (body != null) {
                request.header("Content-Type", "application/json");
                request.method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
            } else if (method.equals("POST")) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), parse(response.body()));
        } catch (IOException e) {
            throw new Unavailable(service, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable(service, e);
        }
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return json.readTree(body);
        } catch (JsonProcessingException notJson) {
            return MissingNode.getInstance();
        }
    }

    private String base(Service service) {
        return switch (service) {
            case PATRON -> patronUrl;
            case CATALOG -> catalogUrl;
            case LICENSE -> licenseUrl;
            case LOAN -> loanUrl;
            case REPORT -> reportUrl;
        };
    }

    /** A call whose body is sent as it is (an uploaded ONIX file or ODL feed), with its own content type. */
    public Answer send(String method, Service service, String path, String contentType, byte[] body, String token, Locale language) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base(service) + path)).timeout(timeout)
                .header("Accept", "application/json, application/problem+json")
                .header("Accept-Language", language.getLanguage())
                .header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), parse(response.body()));
        } catch (IOException e) {
            throw new Unavailable(service, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable(service, e);
        }
    }

    /** A service did not answer at all. */
    public static final class Unavailable extends RuntimeException {
        public final Service service;

        public Unavailable(Service service, Exception cause) {
            super(service.name().toLowerCase(Locale.ROOT) + "-service did not answer: " + cause, cause);
            this.service = service;
        }
    }

    /**
     * A file from a service as it comes (a chart, an export), streamed through rather than held: an export can be a
     * national year. The wait for the first byte is longer than a JSON call's: an XLSX comes only once it is written.
     */
    public Download download(Service service, String path, String accept, String token, Locale language, Duration wait) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base(service) + path)).timeout(wait)
                .header("Accept", accept + ", application/problem+json")
                .header("Accept-Language", language.getLanguage())
                .GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<java.io.InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            return new Download(response.statusCode(), response.headers().firstValue("Content-Type").orElse("application/octet-stream"),
                    response.headers().firstValue("Content-Disposition").orElse(null), response.body());
        } catch (IOException e) {
            throw new Unavailable(service, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable(service, e);
        }
    }
}
