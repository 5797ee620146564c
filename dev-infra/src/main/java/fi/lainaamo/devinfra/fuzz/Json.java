package fi.lainaamo.devinfra.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON value the fuzzer sends, written byte by byte so that it can carry what a JSON library would refuse to
 * write: lone surrogates (escaped, or as raw CESU-8 bytes that are not UTF-8), numbers out of every range, and
 * text that is not JSON at all.
 */
sealed interface Json {

    record Null() implements Json {
    }

    record Bool(boolean value) implements Json {
    }

    /** A number as written, so that 1e309 or 99999999999999999999 stay what they are. */
    record Num(String text) implements Json {
    }

    record Str(String value) implements Json {
    }

    record Arr(List<Json> items) implements Json {
    }

    record Obj(Map<String, Json> fields) implements Json {
        public Obj {
            fields = new LinkedHashMap<>(fields);
        }
    }

    /** Bytes sent as they are: broken JSON, deep nesting, another format. */
    record Raw(byte[] bytes, String label) implements Json {
    }

    Null NULL = new Null();

    static Str text(String value) {
        return new Str(value);
    }

    static Num number(Object value) {
        return new Num(String.valueOf(value));
    }

    /** The bytes of {@code value}; {@code rawSurrogates} writes a lone surrogate as its three CESU-8 bytes. */
    static byte[] write(Json value, boolean rawSurrogates) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(value, out, rawSurrogates);
        return out.toByteArray();
    }

    private static void write(Json value, ByteArrayOutputStream out, boolean rawSurrogates) {
        if (value instanceof Null) {
            ascii(out, "null");
        } else if (value instanceof Bool b) {
            ascii(out, String.valueOf(b.value()));
        } else if (value instanceof Num n) {
            ascii(out, n.text());
        } else if (value instanceof Str t) {
            string(t.value(), out, rawSurrogates);
        } else if (value instanceof Raw r) {
            out.writeBytes(r.bytes());
        } else if (value instanceof Arr a) {
            out.write('[');
            for (int i = 0; i < a.items().size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                write(a.items().get(i), out, rawSurrogates);
            }
            out.write(']');
        } else if (value instanceof Obj o) {
            out.write('{');
            boolean first = true;
            for (Map.Entry<String, Json> field : o.fields().entrySet()) {
                if (!first) {
                    out.write(',');
                }
                first = false;
                string(field.getKey(), out, rawSurrogates);
                out.write(':');
                write(field.getValue(), out, rawSurrogates);
            }
            out.write('}');
        }
    }

    private static void string(String s, ByteArrayOutputStream out, boolean rawSurrogates) {
        out.write('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            if (pair) {
                out.writeBytes(s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8));
                i++;
            } else if (Character.isSurrogate(c)) {
                if (rawSurrogates) {
                    out.write(0xE0 | (c >> 12));
                    out.write(0x80 | ((c >> 6) & 0x3F));
                    out.write(0x80 | (c & 0x3F));
                } else {
                    ascii(out, String.format("\\u%04x", (int) c));
                }
            } else if (c == '"' || c == '\\') {
                out.write('\\');
                out.write(c);
            } else if (c < 0x20) {
                ascii(out, String.format("\\u%04x", (int) c));
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        out.write('"');
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }
}
