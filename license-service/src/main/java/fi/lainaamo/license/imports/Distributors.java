package fi.lainaamo.license.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.lainaamo.platform.problem.ProblemException;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches JSON documents (feeds, License Info Documents) from distributors. Only configured hosts and ports are reached, no
 * redirect is followed (it could lead elsewhere), and every failure is a problem that says what to do next.
 */
@ApplicationScoped
public class Distributors {

    private static final Logger LOG = Logger.getLogger(Distributors.class);

    @Inject
    DistributorConfig config;

    @Inject
    ObjectMapper json;

    private volatile HttpClient client;

    private volatile DistributorHosts hosts;

    /** A malformed allow-list entry stops the start, rather than refusing every import later. */
    void checkAllowList(@Observes StartupEvent start) {
        LOG.infof("distributor hosts allowed: %s", hosts());
    }

    /** Whether a URL's host and port are on the allow-list (lainaamo.distributors.allowed-hosts). */
    public boolean allows(URI uri) {
        return hosts().allows(uri);
    }

    /**
     * Refuses a URL whose host and port are not a configured distributor's (400 host-not-allowed, naming the host and
     * port): nothing is fetched from it, so nothing it would answer is ever shown.
     */
    public URI allowed(String url) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException | NullPointerException malformed) {
            throw new ProblemException(400, "host-not-allowed", String.valueOf(url));
        }
        if (!allows(uri)) {
            throw new ProblemException(400, "host-not-allowed", DistributorHosts.hostAndPort(uri));
        }
        return uri;
    }

    private DistributorHosts hosts() {
        DistributorHosts current = hosts;
        if (current == null) {
            current = DistributorHosts.of(config.allowedHosts().orElse(List.of()));
            hosts = current;
        }
        return current;
    }

    /** GETs a JSON document from an allowed host. */
    public JsonNode fetch(String url, String accept) {
        URI uri = allowed(url);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(config.timeout()).header("Accept", accept).GET().build();
        HttpResponse<byte[]> response;
        try {
            // the request timeout covers the headers; the overall deadline also covers a body that trickles in
            response = client().sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                    .get(config.timeout().toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (TimeoutException slow) {
            throw new ProblemException(504, "distributor-timeout", uri.getHost(), config.timeout().toSeconds());
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof HttpTimeoutException) {
                throw new ProblemException(504, "distributor-timeout", uri.getHost(), config.timeout().toSeconds());
            }
            LOG.infof("distributor %s unreachable: %s", uri.getHost(), failed.getCause().getClass().getSimpleName());
            throw new ProblemException(502, "distributor-unreachable", uri.getHost());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new ProblemException(502, "distributor-unreachable", uri.getHost());
        }
        if (response.statusCode() != 200) {
            throw new ProblemException(502, "distributor-error", uri.getHost(), response.statusCode());
        }
        try {
            return json.readTree(response.body());
        } catch (IOException notJson) {
            throw new ProblemException(502, "distributor-bad-document", uri.getHost());
        }
    }

    private HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder().connectTimeout(config.timeout())
                    .followRedirects(HttpClient.Redirect.NEVER).build();
        }
        return client;
    }
}
