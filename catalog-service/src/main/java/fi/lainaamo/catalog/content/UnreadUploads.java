package fi.lainaamo.catalog.content;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Closes the connection after refusing a request whose large body was not read (an upload over the size limit, a
 * missing token, an unknown title). Kept open, the server would go on receiving the rest of the body into memory
 * with no one to read it: with request bodies allowed up to 256 MB for the content store, a few such requests would
 * exhaust the heap.
 */
public class UnreadUploads {

    /** Bodies up to this size are simply read to the end, as before; larger ones are cut off with the connection. */
    static final long SMALL_BODY = 1024 * 1024;

    @ServerResponseFilter
    public void closeAfterRefusal(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() < 400) {
            return;
        }
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        boolean chunked = request.getHeaderString("Transfer-Encoding") != null;
        boolean large = length != null && (!length.matches("\\d{1,18}") || Long.parseLong(length) > SMALL_BODY);
        if (chunked || large) {
            response.getHeaders().putSingle("Connection", "close");
        }
    }
}
