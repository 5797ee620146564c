package fi.lainaamo.platform.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an endpoint that takes a file (an EPUB, an audiobook manifest, an ONIX message, an ODL feed): its body may be
 * as large as the server accepts ({@code quarkus.http.limits.max-body-size}) instead of the small limit of every other
 * endpoint ({@code lainaamo.http.max-body-size}), and a body that is not JSON reaches it untouched, byte for byte.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface Upload {
}
