package fi.lainaamo.web.oidc;

import io.quarkus.qute.TemplateExtension;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** {@code {back.queryEncoded}}: a value for a URL's query string (the sign-in page's strong identification link). */
@TemplateExtension
public final class QueryEncoding {

    private QueryEncoding() {
    }

    static String queryEncoded(String value) {
        return value == null ? "" : URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
