package fi.lainaamo.web;

import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every page: not kept in any cache (a shelf must not be shown again from the back button's store after signing out
 * on a shared computer), never framed by another site, scripts and styles from this site only (htmx is vendored),
 * covers from wherever the catalogue links them.
 */
public class Headers {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' https: data:; media-src 'self' https:; script-src 'self'; "
            + "style-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";

    @ServerResponseFilter
    public void page(ContainerResponseContext response) {
        MediaType type = response.getMediaType();
        if (type != null && type.isCompatible(MediaType.TEXT_HTML_TYPE)) {
            response.getHeaders().putSingle("Cache-Control", "no-store");
            response.getHeaders().putSingle("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        }
        response.getHeaders().putSingle("X-Content-Type-Options", "nosniff");
        response.getHeaders().putSingle("Referrer-Policy", "same-origin");
    }
}
