package fi.lainaamo.license.checkouts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.lainaamo.license.imports.DistributorConfig;
import fi.lainaamo.license.imports.DistributorHosts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ODL 1.0 conversation with a distributor: checkout by POST of the licence's expanded {@code borrow} template,
 * the loan status document, return and renew by PUT. Retries only what may pass (connection errors and 5xx), a few
 * times with backoff; credentials per distributor host from configuration. Called with no transaction open.
 */
@ApplicationScoped
public class DistributorClient {

    private static final Logger LOG = Logger.getLogger(DistributorClient.class);
    private static final String LSD = "application/vnd.readium.license.status.v1.0+json";
    private static final Pattern TEMPLATE = Pattern.compile("\\{\\?([^}]*)}");

    @Inject
    ObjectMapper json;

    @Inject
    DistributorConfig distributors;

    /** The same host-and-port allow-list the feed imports keep to. */
    @Inject
    fi.lainaamo.license.imports.Distributors allowList;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** What a distributor answered. */
    public sealed interface Answer permits Checked, Refused, Unreachable {
    }

    /** A loan status document: the loan exists at the distributor. */
    public record Checked(JsonNode status) implements Answer {
        /** The href of the first link with this relation. */
        public Optional<String> link(String rel) {
            return linkWhere("rel", rel);
        }

        /** The href of the first link of this media type. */
        public Optional<String> linkOfType(String type) {
            return linkWhere("type", type);
        }

        private Optional<String> linkWhere(String field, String value) {
            for (JsonNode link : status.path("links")) {
                if (value.equals(link.path(field).asText()) && link.hasNonNull("href")) {
                    return Optional.of(link.path("href").asText());
                }
            }
            return Optional.empty();
        }
    }

    /** A problem document: the distributor says no, for good ({@code type} is the ODL error URI). */
    public record Refused(int httpStatus, String type, String detail) implements Answer {
        public boolean unavailable() {
            return type != null && type.endsWith("/unavailable");
        }

        public boolean expired() {
            return type != null && type.endsWith("/expired");
        }
    }

    /** No usable answer after the retries: whether the distributor acted is unknown. */
    public record Unreachable(String why) implements Answer {
    }

    /** Checks a loan out: POST of the expanded template; a 303 (same checkout_id again) is followed to its document. */
    public Answer checkout(String template, Map<String, String> parameters) {
        URI uri = URI.create(expand(template, parameters));
        if (!allowed(uri)) {
            return new Refused(0, "urn:lainaamo:distributor-not-allowed", DistributorHosts.hostAndPort(uri));
        }
        return exchange(uri, "POST", uri);
    }

    /** The current loan status document. */
    public Answer status(String url) {
        URI uri = URI.create(url);
        return exchange(uri, "GET", uri);
    }

    /** Renews the loan until {@code end} (PUT of the status document's renew link, templated or not). */
    public Answer renew(String url, String end) {
        String expanded = url.contains("{") ? expand(url, Map.of("end", end))
                : url + (url.contains("?") ? "&" : "?") + "end=" + URLEncoder.encode(end, StandardCharsets.UTF_8);
        URI uri = URI.create(expanded);
        return exchange(uri, "PUT", uri);
    }

    /** Returns the loan (PUT of the status document's return link). */
    public Answer giveBack(String url) {
        URI uri = URI.create(url);
        return exchange(uri, "PUT", uri);
    }

    private Answer exchange(URI uri, String method, URI original) {
        String why = "no answer";
        int attempts = Math.max(1, distributors.attempts());
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                HttpResponse<String> response = http.send(request(uri, method), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status == 303 && response.headers().firstValue("Location").isPresent()) {
                    URI existing = uri.resolve(response.headers().firstValue("Location").get());
                    if (!allowed(existing)) {
                        return new Refused(303, "urn:lainaamo:distributor-not-allowed", DistributorHosts.hostAndPort(existing));
                    }
                    uri = existing;
                    method = "GET";
                    attempt--; // following the redirect is not a retry
                    continue;
                }
                if (status >= 200 && status < 300) {
                    return new Checked(response.body().isBlank() ? json.createObjectNode() : json.readTree(response.body()));
                }
                if (status >= 500) {
                    why = "HTTP " + status;
                } else {
                    JsonNode problem = readQuietly(response.body());
                    return new Refused(status, problem.path("type").asText(null), problem.path("detail").asText(null));
                }
            } catch (IOException e) {
                why = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Unreachable("interrupted");
            }
            if (attempt < attempts) {
                LOG.infof("%s %s at %s failed (%s), trying again", method, original.getPath(), original.getHost(), why);
                pause(attempt);
            }
        }
        return new Unreachable(why);
    }

    private HttpRequest request(URI uri, String method) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(distributors.checkoutTimeout()).header("Accept", LSD + ", application/json");
        credentialFor(uri.getHost()).ifPresent(value -> request.header("Authorization", value));
        return switch (method) {
            case "POST" -> request.POST(HttpRequest.BodyPublishers.noBody()).build();
            case "PUT" -> request.PUT(HttpRequest.BodyPublishers.noBody()).build();
            default -> request.GET().build();
        };
    }

    private Optional<String> credentialFor(String host) {
        for (String entry : distributors.credentials().orElse("").split(";")) {
            int eq = entry.indexOf('=');
            if (eq > 0 && entry.substring(0, eq).trim().equalsIgnoreCase(host)) {
                String value = entry.substring(eq + 1).trim();
                if (value.startsWith("basic:")) {
                    return Optional.of("Basic " + Base64.getEncoder().encodeToString(value.substring(6).getBytes(StandardCharsets.UTF_8)));
                }
                if (value.startsWith("bearer:")) {
                    return Optional.of("Bearer " + value.substring(7));
                }
            }
        }
        return Optional.empty();
    }

    private boolean allowed(URI uri) {
        return allowList.allows(uri);
    }

    /** RFC 6570 form-style query expansion ({@code {?a,b}}), the only kind ODL checkout templates use. */
    static String expand(String template, Map<String, String> parameters) {
        Matcher m = TEMPLATE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            StringBuilder query = new StringBuilder();
            for (String name : m.group(1).split(",")) {
                String value = parameters.get(name.trim());
                if (value != null) {
                    query.append(query.length() == 0 && !template.substring(0, m.start()).contains("?") ? '?' : '&')
                            .append(name.trim()).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(query.toString()));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The parameters of a checkout, in template order. */
    static Map<String, String> parameters(String licenceId, String checkoutId, String patronId, String expires, String notificationUrl,
                                          String passphrase, String hint, String hintUrl) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("id", licenceId);
        p.put("checkout_id", checkoutId);
        p.put("patron_id", patronId);
        p.put("expires", expires);
        p.put("notification_url", notificationUrl);
        if (passphrase != null) {
            p.put("passphrase", passphrase);
            p.put("hint", hint);
            p.put("hint_url", hintUrl);
        }
        return p;
    }

    private JsonNode readQuietly(String body) {
        try {
            return body == null || body.isBlank() ? json.createObjectNode() : json.readTree(body);
        } catch (IOException notJson) {
            return json.createObjectNode();
        }
    }

    private static void pause(int attempt) {
        try {
            TimeUnit.MILLISECONDS.sleep(300L * attempt * attempt); // 0.3 s, 1.2 s: a blip passes, a patron still waits little
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
