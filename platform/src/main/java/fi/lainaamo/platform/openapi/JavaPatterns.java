package fi.lainaamo.platform.openapi;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.media.Schema;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;

/**
 * Publishes each bean-validation {@code @Pattern} as the JSON Schema pattern it means. A Java pattern must match the
 * whole value and may start with {@code (?i)}; an OpenAPI pattern is an ECMA-262 regular expression that matches
 * anywhere and has no inline flags. So every pattern is anchored, {@code (?i)} is spelled out as letter classes,
 * and what the pattern already enforces is stated too: a choice of words becomes an {@code enum} (when case
 * matters) and a {@code maxLength}; a single repeated class such as {@code \d{4,8}} gives {@code minLength} and
 * {@code maxLength}.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class JavaPatterns implements OASFilter {

    /** SmallRye's rendering of {@code @NotBlank}: "has a non-blank character", meant to match anywhere. */
    private static final String NOT_BLANK = "\\S";
    private static final String CASE_INSENSITIVE = "(?i)";
    private static final java.util.regex.Pattern WORDS = java.util.regex.Pattern.compile("[A-Za-z0-9_-]+(\\|[A-Za-z0-9_-]+)*");
    private static final java.util.regex.Pattern REPEATED_CLASS =
            java.util.regex.Pattern.compile("(\\[[^\\]\\[]+\\]|\\\\d|\\\\w)\\{(\\d+)(?:,(\\d+))?\\}");

    @Override
    public Schema filterSchema(Schema schema) {
        String pattern = schema.getPattern();
        if (pattern == null || pattern.equals(NOT_BLANK) || (pattern.startsWith("^") && pattern.endsWith("$"))) {
            return schema;
        }
        boolean ignoreCase = pattern.startsWith(CASE_INSENSITIVE);
        String body = ignoreCase ? pattern.substring(CASE_INSENSITIVE.length()) : pattern;

        if (WORDS.matcher(body).matches()) {
            List<String> words = Arrays.asList(body.split("\\|"));
            if (!ignoreCase && schema.getEnumeration() == null) {
                schema.setEnumeration(List.copyOf(words));
            }
            if (schema.getMaxLength() == null) {
                schema.setMaxLength(words.stream().mapToInt(String::length).max().orElseThrow());
            }
        }
        Matcher repeated = REPEATED_CLASS.matcher(body);
        if (repeated.matches()) {
            int min = Integer.parseInt(repeated.group(2));
            int max = repeated.group(3) == null ? min : Integer.parseInt(repeated.group(3));
            if (schema.getMinLength() == null) {
                schema.setMinLength(min);
            }
            if (schema.getMaxLength() == null) {
                schema.setMaxLength(max);
            }
        }
        schema.setPattern("^(?:" + (ignoreCase ? bothCases(body) : body) + ")$");
        return schema;
    }

    /** {@code (?i)}'s meaning without the flag: each ASCII letter stands for both of its cases. */
    static String bothCases(String regex) {
        StringBuilder out = new StringBuilder();
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                out.append(c).append(regex.charAt(++i));
            } else if (inClass) {
                if (c == ']') {
                    inClass = false;
                    out.append(c);
                } else if (isAsciiLetter(c) && i + 2 < regex.length() && regex.charAt(i + 1) == '-' && isAsciiLetter(regex.charAt(i + 2))) {
                    char end = regex.charAt(i + 2);
                    out.append(c).append('-').append(end).append(otherCase(c)).append('-').append(otherCase(end));
                    i += 2;
                } else {
                    out.append(c);
                    if (isAsciiLetter(c)) {
                        out.append(otherCase(c));
                    }
                }
            } else if (c == '[') {
                inClass = true;
                out.append(c);
            } else if (isAsciiLetter(c)) {
                out.append('[').append(c).append(otherCase(c)).append(']');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static char otherCase(char c) {
        return Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c);
    }
}
