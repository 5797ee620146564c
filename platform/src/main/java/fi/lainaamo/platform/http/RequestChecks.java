package fi.lainaamo.platform.http;

import fi.lainaamo.platform.problem.ProblemException;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.core.multipart.FormData;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every request to every endpoint passes here before the endpoint sees it, so hostile input is refused in one place:
 * a body over the endpoint's limit is answered 413 {@code body-too-large}, and text that no service can store (see
 * {@link InputText}) in a header, a path or query parameter, a form field or a JSON body is answered 400
 * {@code invalid-characters} naming each place. Uploads ({@link Upload}) get the server's large limit, and their files
 * pass untouched unless they are JSON.
 */
public class RequestChecks {

    static final String CODE = "invalid-characters";

    /** Every endpoint but uploads: JSON documents of a few kilobytes, never megabytes. */
    @ConfigProperty(name = "lainaamo.http.max-body-size", defaultValue = "64K")
    MemorySize maxBodySize;

    /** Uploads: as much as the HTTP server takes at all. */
    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
    MemorySize serverMaxBodySize;

    /** Before the body is read: its declared length, the headers, the path and the query. */
    @ServerRequestFilter(priority = 100)
    public void beforeTheBody(ResteasyReactiveContainerRequestContext request, ResourceInfo endpoint, HttpServerRequest http) {
        long limit = limit(endpoint);
        if (declaredLength(http) > limit) {
            throw tooLarge(limit);
        }
        List<ProblemException.Violation> refused = new ArrayList<>();
        for (Map.Entry<String, String> header : http.headers()) {
            if (!InputText.acceptable(header.getValue())) {
                refused.add(violation("header", header.getKey()));
            }
        }
        // the raw path for bytes that are not UTF-8 (the decoded parameters show them only as U+FFFD), then each parameter
        boolean rawPathBroken = false;
        for (String segment : http.path().split("/")) {
            rawPathBroken |= !InputText.decodeUrlComponent(segment, false).isPresent();
        }
        boolean named = false;
        for (Map.Entry<String, List<String>> parameter : request.getUriInfo().getPathParameters().entrySet()) {
            for (String value : parameter.getValue()) {
                if (!InputText.acceptable(value) || rawPathBroken && value.indexOf('\uFFFD') >= 0) {
                    refused.add(violation("path", parameter.getKey()));
                    named = true;
                    break;
                }
            }
        }
        if (rawPathBroken && !named) {
            refused.add(violation("path", InputText.printable(http.path())));
        }
        String query = http.query();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                String name = equals < 0 ? pair : pair.substring(0, equals);
                String value = equals < 0 ? "" : pair.substring(equals + 1);
                if (!decodesCleanly(name, true) || !decodesCleanly(value, true)) {
                    String shown = InputText.printable(InputText.decodeUrlComponent(name, true).orElse(name));
                    ProblemException.Violation violation = violation("query", shown);
                    if (refused.stream().noneMatch(v -> v.field().equals(violation.field()) && v.args()[0].equals(shown))) {
                        refused.add(violation);
                    }
                }
            }
        }
        if (!refused.isEmpty()) {
            throw new ProblemException(400, CODE, refused);
        }
    }

    /**
     * Once the body is in: a body sent without a declared length is held to the same limit while it is read, form
     * fields are checked, and a JSON or text body must be text in its declared charset (UTF-8 when none is declared)
     * with no refused character in any name or value.
     */
    @ServerRequestFilter(readBody = true, priority = 100)
    public void body(ResteasyReactiveContainerRequestContext request, ResourceInfo endpoint, HttpServerRequest http) throws IOException {
        if (!mayHaveBody(http)) {
            return;
        }
        MediaType type;
        try {
            type = request.getMediaType();
        } catch (IllegalArgumentException unparsable) {
            // a Content-Type that is no media type at all ("a"): nothing can read the body
            throw new ProblemException(415, "unsupported-media-type");
        }
        if (type != null && type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)
                || type != null && type.isCompatible(MediaType.MULTIPART_FORM_DATA_TYPE)) {
            formFields(request);
            return;
        }
        boolean upload = isUpload(endpoint);
        boolean json = type == null ? !upload : jsonSubtype(type.getSubtype());
        boolean text = json || type != null && "text".equals(type.getType()) && !upload;
        if (upload && !json) {
            return; // a file, read by the endpoint itself as it arrives
        }
        long limit = limit(endpoint);
        byte[] body = readAtMost(request.getEntityStream(), limit);
        request.setEntityStream(new ByteArrayInputStream(body));
        if (!text || body.length == 0) {
            return;
        }
        Optional<String> decoded = InputText.text(body, type == null ? null : type.getParameters().get(MediaType.CHARSET_PARAMETER));
        if (decoded.isEmpty()) {
            throw new ProblemException(400, CODE, List.of(new ProblemException.Violation(CODE + "-in-body", null)));
        }
        boolean clean = InputText.acceptable(decoded.get());
        if (clean && (!json || decoded.get().indexOf('\\') < 0)) {
            // the usual case, on every write: without an escape a JSON string holds only what the text itself shows,
            // so the text is not parsed a second time to find the fields at fault
            return;
        }
        List<ProblemException.Violation> refused = new ArrayList<>();
        if (json) {
            InputText.refusedJsonFields(decoded.get()).forEach(field -> refused.add(violation("field", field)));
        } else {
            refused.add(new ProblemException.Violation(CODE + "-in-body", null));
        }
        if (!refused.isEmpty()) {
            throw new ProblemException(400, CODE, refused);
        }
    }

    private void formFields(ResteasyReactiveContainerRequestContext request) {
        FormData form = ((ResteasyReactiveRequestContext) request.getServerRequestContext()).getFormData();
        if (form == null) {
            return;
        }
        List<ProblemException.Violation> refused = new ArrayList<>();
        for (String name : form) {
            boolean bad = !InputText.acceptable(name);
            for (FormValue value : form.get(name)) {
                bad |= !value.isFileItem() && value.getValue() != null && !InputText.acceptable(value.getValue());
            }
            if (bad) {
                refused.add(violation("form", InputText.printable(name)));
            }
        }
        if (!refused.isEmpty()) {
            throw new ProblemException(400, CODE, refused);
        }
    }

    private long limit(ResourceInfo endpoint) {
        return isUpload(endpoint) ? serverMaxBodySize.asLongValue() : endpointLimit(maxBodySize, serverMaxBodySize);
    }

    /** What every endpoint but an upload takes: lainaamo.http.max-body-size, never more than the server takes at all. */
    static long endpointLimit(MemorySize endpoints, MemorySize server) {
        return Math.min(endpoints.asLongValue(), server.asLongValue());
    }

    /** A JSON media subtype: {@code json} or any {@code +json}. */
    static boolean jsonSubtype(String subtype) {
        return "json".equals(subtype) || subtype.endsWith("+json");
    }

    private static boolean isUpload(ResourceInfo endpoint) {
        return endpoint != null && endpoint.getResourceMethod() != null
                && (endpoint.getResourceMethod().isAnnotationPresent(Upload.class)
                || endpoint.getResourceClass() != null && endpoint.getResourceClass().isAnnotationPresent(Upload.class));
    }

    /** The declared Content-Length: -1 when there is none (or it is not a number), the largest long when it overflows. */
    static long declaredLength(HttpServerRequest http) {
        String declared = http.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared == null || !declared.trim().matches("\\d+")) {
            return -1;
        }
        try {
            return Long.parseLong(declared.trim());
        } catch (NumberFormatException overflow) {
            return Long.MAX_VALUE;
        }
    }

    private static boolean mayHaveBody(HttpServerRequest http) {
        String length = http.getHeader(HttpHeaders.CONTENT_LENGTH);
        return length != null ? !"0".equals(length.trim()) : http.getHeader("Transfer-Encoding") != null;
    }

    private static boolean decodesCleanly(String raw, boolean plusIsSpace) {
        return InputText.decodeUrlComponent(raw, plusIsSpace).map(InputText::acceptable).orElse(false);
    }

    private static ProblemException.Violation violation(String where, String name) {
        return new ProblemException.Violation(CODE + "-in-" + where, name, name);
    }

    private static byte[] readAtMost(InputStream in, long limit) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int read;
        while ((read = in.read(chunk)) >= 0) {
            body.write(chunk, 0, read);
            if (body.size() > limit) {
                throw tooLarge(limit);
            }
        }
        return body.toByteArray();
    }

    static ProblemException tooLarge(long limit) {
        return new ProblemException(413, "body-too-large", Sizes.describe(limit));
    }

    /** Sizes as people read them: 64 KiB, 256 MiB. */
    static final class Sizes {
        private Sizes() {
        }

        static String describe(long bytes) {
            if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
                return bytes / (1 << 20) + " MiB";
            }
            if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) {
                return bytes / (1 << 10) + " KiB";
            }
            return bytes + " B";
        }
    }
}
