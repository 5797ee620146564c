package fi.lainaamo.devinfra;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test's {@link MailServer} field: {@link LainaamoTestResource} started with {@code mail=greenmail} injects the
 * SMTP server the service under test sends to, so the test can read what was sent and stop it to see retries.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface TestMailServer {
}
