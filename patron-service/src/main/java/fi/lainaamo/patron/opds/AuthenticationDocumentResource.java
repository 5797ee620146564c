package fi.lainaamo.patron.opds;

import fi.lainaamo.patron.tokens.StrongIdentification;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Authentication for OPDS 1.0: how reader apps sign a patron in. Every protected resource in Lainaamo answers 401
 * with a link here. Card and PIN are described as the basic flow (sent to the sign-in endpoint, not as HTTP Basic on
 * every request); strong identification, when configured, as an OpenID Connect flow.
 */
@Path("/v1/opds/authentication")
@Tag(name = "Sign-in")
public class AuthenticationDocumentResource {

    public static final String MEDIA_TYPE = "application/opds-authentication+json";

    @ConfigProperty(name = "lainaamo.opds.authentication-document")
    String documentUrl;

    @ConfigProperty(name = "lainaamo.public-url", defaultValue = "http://localhost:8081")
    String publicUrl;

    @Inject
    StrongIdentification strong;

    @GET
    @PermitAll
    @Produces(MEDIA_TYPE)
    @Operation(operationId = "getAuthenticationDocument", summary = "Authentication for OPDS document", description = "Public. The sign-in flows Lainaamo supports.")
    public Response document() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("id", documentUrl);
        doc.put("title", "Lainaamo");
        doc.put("description", "Sign in with your library card and PIN, or with strong identification.");
        doc.put("links", List.of(
                link("register", publicUrl + "/v1/patrons", "application/json"),
                link("help", publicUrl + "/v1/libraries", "application/json")));
        List<Object> flows = new ArrayList<>();
        Map<String, Object> basic = new LinkedHashMap<>();
        basic.put("type", "http://opds-spec.org/auth/basic");
        basic.put("labels", Map.of("login", "Library card number", "password", "PIN"));
        basic.put("links", List.of(
                link("authenticate", publicUrl + "/v1/sign-in", "application/json"),
                link("refresh", publicUrl + "/v1/token/refresh", "application/json")));
        flows.add(basic);
        strong.provider().ifPresent(provider -> {
            Map<String, Object> oidc = new LinkedHashMap<>();
            // OPDS names no OpenID Connect flow: the implicit OAuth type is the nearest; the app exchanges the
            // provider's ID token at the "token" link
            oidc.put("type", "http://opds-spec.org/auth/oauth/implicit");
            List<Object> links = new ArrayList<>();
            if (provider.authorizationEndpoint() != null) {
                links.add(link("authenticate", provider.authorizationEndpoint(), "text/html"));
            }
            links.add(link("token", publicUrl + "/v1/sign-in/oidc", "application/json"));
            links.add(link("refresh", publicUrl + "/v1/token/refresh", "application/json"));
            oidc.put("links", links);
            flows.add(oidc);
        });
        doc.put("authentication", flows);
        return Response.ok(doc, MEDIA_TYPE).header("Cache-Control", "public, max-age=300").build();
    }

    private static Map<String, Object> link(String rel, String href, String type) {
        Map<String, Object> link = new LinkedHashMap<>();
        link.put("rel", rel);
        link.put("href", href);
        link.put("type", type);
        return link;
    }
}
