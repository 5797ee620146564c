package fi.lainaamo.platform.problem;

import java.util.List;

/**
 * Refuses a request with a problem+json answer. A service collects every failing reason first and throws once, so
 * the caller sees all of them at the same time.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String code;
    private final List<Violation> violations;

    public ProblemException(int status, String code, List<Violation> violations) {
        super(code, null, false, false);
        this.status = status;
        this.code = code;
        this.violations = List.copyOf(violations);
    }

    /** A single reason whose code is also the problem's code. */
    public ProblemException(int status, String code, Object... args) {
        this(status, code, List.of(new Violation(code, null, args)));
    }

    public static ProblemException notFound(String code, Object... args) {
        return new ProblemException(404, code, args);
    }

    public static ProblemException conflict(String code, Object... args) {
        return new ProblemException(409, code, args);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<Violation> violations() {
        return violations;
    }

    /** One failing rule; {@code args} fill the placeholders of the localized detail text. */
    public record Violation(String code, String field, Object... args) {
        public static Violation of(String code, Object... args) {
            return new Violation(code, null, args);
        }
    }
}
