package fi.lainaamo.platform.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What text a request may carry. PostgreSQL cannot store NUL, a lone UTF-16 surrogate becomes "?" on its way to the
 * database, and other control characters are never meant in a name, a title or a query; so they are refused wherever
 * they come from: control characters below U+0020 other than tab, line feed and carriage return, unpaired surrogates,
 * and bytes that are not UTF-8. Plain Java, so the rules are tested without a server.
 */
public final class InputText {

    /** Where names of offending inputs are cut, so a hostile name cannot fill the answer. */
    private static final int NAME_LIMIT = 100;
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private InputText() {
    }

    /** True when {@code text} holds nothing a service refuses. */
    public static boolean acceptable(CharSequence text) {
        return firstRefused(text) < 0;
    }

    /** The index of the first refused character, or -1. */
    public static int firstRefused(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                return i;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return i;
            }
            if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A URL component (a query parameter's name or value, a path segment) decoded from percent-escapes as UTF-8;
     * empty when an escape is broken or the bytes are not UTF-8 (which a lenient decoder would silently turn into
     * U+FFFD).
     */
    public static Optional<String> decodeUrlComponent(String raw, boolean plusIsSpace) {
        StringBuilder decoded = new StringBuilder(raw.length());
        ByteArrayOutputStream escaped = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int high = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int low = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (high < 0 || low < 0) {
                    return Optional.empty();
                }
                escaped.write(high << 4 | low);
                i += 2;
                continue;
            }
            if (escaped.size() > 0 && !appendUtf8(escaped, decoded)) {
                return Optional.empty();
            }
            decoded.append(plusIsSpace && c == '+' ? ' ' : c);
        }
        if (escaped.size() > 0 && !appendUtf8(escaped, decoded)) {
            return Optional.empty();
        }
        return Optional.of(decoded.toString());
    }

    private static boolean appendUtf8(ByteArrayOutputStream bytes, StringBuilder to) {
        byte[] run = bytes.toByteArray();
        bytes.reset();
        Optional<String> text = utf8(run, 0, run.length);
        text.ifPresent(to::append);
        return text.isPresent();
    }

    /**
     * The bytes as text in the charset the request declared (UTF-8 when it declared none, or one this JVM does not
     * know), or empty when they are not text in that charset.
     */
    public static Optional<String> text(byte[] bytes, String declaredCharset) {
        Charset charset = StandardCharsets.UTF_8;
        try {
            if (declaredCharset != null && Charset.isSupported(declaredCharset.trim())) {
                charset = Charset.forName(declaredCharset.trim());
            }
        } catch (IllegalArgumentException unknown) {
            // UTF-8, as JSON is
        }
        try {
            return Optional.of(charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException notText) {
            return Optional.empty();
        }
    }

    /** The bytes as UTF-8 text, or empty when they are not UTF-8 (encoded surrogates included). */
    public static Optional<String> utf8(byte[] bytes, int offset, int length) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length)).toString());
        } catch (CharacterCodingException notUtf8) {
            return Optional.empty();
        }
    }

    /**
     * The fields of a JSON document whose names or string values hold refused characters, as paths such as
     * {@code title}, {@code names.fi} or {@code authors[2]} ({@code ""} for a bare string document). Empty when all
     * is well, and also when the document is not JSON at all: that is for the JSON reader to answer.
     */
    public static List<String> refusedJsonFields(String json) {
        List<String> refused = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(json)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.FIELD_NAME || token == JsonToken.VALUE_STRING) {
                    if (!acceptable(parser.getText())) {
                        String path = path(parser.getParsingContext());
                        if (!refused.contains(path)) {
                            refused.add(path);
                        }
                    }
                }
            }
        } catch (IOException notJson) {
            // malformed JSON: the endpoint's reader refuses it with malformed-json
        }
        return refused;
    }

    /** A name safe to put in an answer: refused characters shown as U+FFFD, cut to a hundred characters. */
    public static String printable(String name) {
        StringBuilder shown = new StringBuilder(Math.min(name.length(), NAME_LIMIT));
        for (int i = 0; i < name.length() && shown.length() < NAME_LIMIT; i++) {
            char c = name.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1));
            if (paired) {
                shown.append(c).append(name.charAt(++i));
            } else {
                shown.append(acceptable(String.valueOf(c)) ? c : '\uFFFD');
            }
        }
        return shown.toString();
    }

    private static String path(JsonStreamContext context) {
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
            if (at.inArray()) {
                parts.add(0, "[" + Math.max(0, at.getCurrentIndex()) + "]");
            } else if (at.getCurrentName() != null) {
                parts.add(0, "." + printable(at.getCurrentName()));
            }
        }
        String joined = String.join("", parts);
        return joined.startsWith(".") ? joined.substring(1) : joined;
    }
}
