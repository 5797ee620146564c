package fi.lainaamo.devinfra.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * jqwik arbitraries for what a caller can send, read from the service's OpenAPI schemas: mostly values the schema
 * allows (so that requests get past validation to the handlers), mixed with hostile ones: wrong types, empty and
 * oversized values, NUL and control characters, unicode edge cases (lone surrogates, bidi overrides, non-characters),
 * unknown fields, missing required ones and deep nesting.
 */
final class HostileValues {

    /** Long enough to pass any field limit in the services, small enough to send a few hundred times. */
    static final int HUGE = 100_000;
    private static final int MAX_DEPTH = 4;
    private static final JsonNode EMPTY = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();

    private final JsonNode document;
    private final Supplier<List<UUID>> knownIds;
    private final java.util.function.Function<String, List<String>> seenValues;

    /**
     * @param knownIds   ids the service has answered with, so that a path or a body can name something that exists
     * @param seenValues values the service has answered with, by field name (a municipality code, a library id), so
     *                   that a request can be valid beyond what its schema says
     */
    HostileValues(JsonNode document, Supplier<List<UUID>> knownIds, java.util.function.Function<String, List<String>> seenValues) {
        this.document = document;
        this.knownIds = knownIds;
        this.seenValues = seenValues;
    }

    /** Strings no input should trip over. */
    static Arbitrary<String> hostileStrings() {
        Arbitrary<String> listed = Arbitraries.of(
                "", " ", "\u0000", "a\u0000b", "\u0001\u001f\u007f", "\r\n", "\t", "line\nbreak",
                "\uD800", "\uDC00", "a\uDBFF", "\uDFFFz", "\uDBFF\uDFFF", "\uD83D\uDE00", "\u202Eevil", "\uFEFFbom", "e\u0301",
                "\uFFFF", "\uFFFE", "\u00A0", "\u2028", "\uFF11\uFF12\uFF13", "\u0663", "Ǆ", "ß",
                "' OR '1'='1", "\"; drop table x; --", "../../etc/passwd", "%00", "%ZZ", "${jndi:ldap://127.0.0.1/x}",
                "<script>alert(1)</script>", "{{7*7}}", "null", "NaN", "-1", "0", "-0", "1e309", "99999999999999999999999",
                "0x10", "true", "[]", "{}");
        return Arbitraries.frequencyOf(
                Tuple.of(6, listed),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(40)),
                Tuple.of(2, Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMinLength(1).ofMaxLength(8)),
                Tuple.of(1, Arbitraries.strings().withCharRange('\uD800', '\uDFFF').ofMinLength(1).ofMaxLength(4)),
                Tuple.of(1, Arbitraries.of('x', '\u00e4', '\u20ac', '\uD800').map(c -> String.valueOf(c).repeat(HUGE))));
    }

    /** A value the schema allows, as far as a schema says (patterns are not generated). */
    Arbitrary<Json> valid(JsonNode schema, int depth) {
        return valid(schema, depth, null);
    }

    /** As above, for the field or parameter called {@code name}: values seen under that name are tried too. */
    Arbitrary<Json> valid(JsonNode schema, int depth, String name) {
        schema = resolve(schema);
        List<Json> known = new ArrayList<>();
        if (name != null) {
            seenValues.apply(name).forEach(v -> known.add(Json.text(v)));
        }
        schema.path("examples").forEach(example -> known.add(example.isTextual() ? Json.text(example.asText()) : Json.number(example.asText())));
        if (schema.path("example").isValueNode()) {
            known.add(schema.get("example").isTextual() ? Json.text(schema.get("example").asText()) : Json.number(schema.get("example").asText()));
        }
        Arbitrary<Json> generated = generated(schema, depth, name);
        return known.isEmpty() || types(schema).contains("array") || types(schema).contains("object") ? generated
                : Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.of(known)), Tuple.of(1, generated));
    }

    private Arbitrary<Json> generated(JsonNode schema, int depth, String name) {
        if (schema.has("enum") && schema.get("enum").isArray() && !schema.get("enum").isEmpty()) {
            List<Json> values = new ArrayList<>();
            schema.get("enum").forEach(v -> values.add(v.isTextual() ? Json.text(v.asText()) : Json.number(v.asText())));
            return Arbitraries.of(values);
        }
        for (String choice : List.of("anyOf", "oneOf", "allOf")) {
            if (schema.has(choice) && schema.get(choice).isArray() && !schema.get(choice).isEmpty()) {
                List<Arbitrary<Json>> options = new ArrayList<>();
                schema.get(choice).forEach(option -> options.add(valid(option, depth, name)));
                return Arbitraries.oneOf(options);
            }
        }
        List<String> types = types(schema);
        if (types.isEmpty()) {
            types = schema.has("properties") ? List.of("object") : List.of("string");
        }
        List<Arbitrary<Json>> options = new ArrayList<>();
        for (String type : types) {
            options.add(validOfType(type, schema, depth, name));
        }
        return Arbitraries.oneOf(options);
    }

    private Arbitrary<Json> validOfType(String type, JsonNode schema, int depth, String name) {
        switch (type) {
            case "null":
                return Arbitraries.just(Json.NULL);
            case "boolean":
                return Arbitraries.of(true, false).map(Json.Bool::new);
            case "integer": {
                long min = schema.has("minimum") ? schema.get("minimum").asLong() : -1000;
                long max = schema.has("maximum") ? schema.get("maximum").asLong() : 1000;
                return Arbitraries.longs().between(min, Math.max(min, Math.min(max, min + 1_000_000))).map(Json::number);
            }
            case "number":
                return Arbitraries.doubles().between(0, 1000).ofScale(2).map(Json::number);
            case "array": {
                JsonNode items = schema.has("items") ? schema.get("items") : EMPTY;
                int maxItems = schema.has("maxItems") ? Math.min(3, schema.get("maxItems").asInt()) : 3;
                if (depth >= MAX_DEPTH) {
                    return Arbitraries.just(new Json.Arr(List.of()));
                }
                return valid(items, depth + 1, name).list().ofMaxSize(maxItems).map(Json.Arr::new);
            }
            case "object":
                return depth >= MAX_DEPTH ? Arbitraries.just(new Json.Obj(Map.of())) : validObject(schema, depth);
            default:
                return validString(schema);
        }
    }

    private Arbitrary<Json> validString(JsonNode schema) {
        String format = schema.path("format").asText("");
        switch (format) {
            case "uuid": {
                List<UUID> ids = knownIds.get();
                Arbitrary<UUID> random = Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(UUID::new);
                Arbitrary<UUID> id = ids.isEmpty() ? random : Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(ids)), Tuple.of(1, random));
                return id.map(u -> Json.text(u.toString()));
            }
            case "date":
                return Arbitraries.integers().between(-400, 400).map(d -> Json.text(LocalDate.now().plusDays(d).toString()));
            case "date-time":
                return Arbitraries.longs().between(-40_000_000L, 40_000_000L).map(s -> Json.text(Instant.now().plusSeconds(s).toString()));
            case "email":
                return Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(20).map(local -> Json.text(local + "@example.org"));
            case "binary":
                return Arbitraries.strings().alpha().ofMaxLength(64).map(Json::text);
            default: {
                Arbitrary<String> matching = schema.has("pattern") ? matching(schema.get("pattern").asText()) : null;
                if (matching != null) {
                    return matching.map(Json::text);
                }
                int min = schema.path("minLength").asInt(1);
                int max = schema.has("maxLength") ? schema.get("maxLength").asInt() : 30;
                return Arbitraries.strings().alpha().numeric().ofMinLength(Math.min(min, max)).ofMaxLength(Math.min(max, 40)).map(Json::text);
            }
        }
    }

    private static final java.util.regex.Pattern ANCHORED = java.util.regex.Pattern.compile("\\^\\(\\?:(.*)\\)\\$");
    private static final java.util.regex.Pattern CASE_CLASS = java.util.regex.Pattern.compile("\\[([A-Za-z])([A-Za-z])]");
    private static final java.util.regex.Pattern WORDS = java.util.regex.Pattern.compile("[A-Za-z0-9_-]+(\\|[A-Za-z0-9_-]+)*");
    private static final java.util.regex.Pattern REPEATED =
            java.util.regex.Pattern.compile("(\\[([^\\]\\[]+)]|\\\\d)\\{(\\d+)(?:,(\\d+))?}");

    /**
     * Strings matching the simple patterns the services publish (see the platform's JavaPatterns): a choice of words,
     * case-insensitive or not, or one repeated character class; null for any other pattern.
     */
    static Arbitrary<String> matching(String pattern) {
        java.util.regex.Matcher anchored = ANCHORED.matcher(pattern);
        String body = anchored.matches() ? anchored.group(1) : pattern;
        String words = CASE_CLASS.matcher(body).replaceAll("$1");
        if (WORDS.matcher(words).matches()) {
            return Arbitraries.of(words.split("\\|"));
        }
        if (body.equals("https?://.*")) {
            return Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(20).map(path -> "https://example.org/" + path);
        }
        java.util.regex.Matcher repeated = REPEATED.matcher(body);
        if (repeated.matches()) {
            int min = Integer.parseInt(repeated.group(3));
            int max = repeated.group(4) == null ? min : Integer.parseInt(repeated.group(4));
            StringBuilder chars = new StringBuilder();
            String set = repeated.group(2) == null ? "0-9" : repeated.group(2);
            for (int i = 0; i < set.length(); i++) {
                if (i + 2 < set.length() && set.charAt(i + 1) == '-') {
                    for (char c = set.charAt(i); c <= set.charAt(i + 2); c++) {
                        chars.append(c);
                    }
                    i += 2;
                } else if (set.charAt(i) != '\\') {
                    chars.append(set.charAt(i));
                }
            }
            return Arbitraries.strings().withChars(chars.toString()).ofMinLength(min).ofMaxLength(max);
        }
        return null;
    }

    private Arbitrary<Json> validObject(JsonNode schema, int depth) {
        JsonNode properties = schema.path("properties");
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        List<Arbitrary<Map.Entry<String, Json>>> fields = new ArrayList<>();
        properties.fieldNames().forEachRemaining(name -> {
            Arbitrary<Json> value = valid(properties.get(name), depth + 1, name);
            Arbitrary<Map.Entry<String, Json>> field = value.map(v -> Map.entry(name, v));
            // an optional field is left out now and then, so that defaults are reached too
            fields.add(required.contains(name) ? field : field.injectNull(0.5));
        });
        return fields.isEmpty() ? Arbitraries.just(new Json.Obj(Map.of())) : combine(fields);
    }

    private static Arbitrary<Json> combine(List<Arbitrary<Map.Entry<String, Json>>> fields) {
        Arbitrary<List<Map.Entry<String, Json>>> all = Arbitraries.just(new ArrayList<>());
        for (Arbitrary<Map.Entry<String, Json>> field : fields) {
            all = all.flatMap(sofar -> field.map(f -> {
                List<Map.Entry<String, Json>> next = new ArrayList<>(sofar);
                if (f != null) {
                    next.add(f);
                }
                return next;
            }));
        }
        return all.map(entries -> {
            Map<String, Json> object = new LinkedHashMap<>();
            entries.forEach(e -> object.put(e.getKey(), e.getValue()));
            return new Json.Obj(object);
        });
    }

    /** A value the schema refuses, or one no handler should be surprised by anyway. */
    Arbitrary<Json> hostile(JsonNode schema, int depth) {
        schema = resolve(schema);
        List<String> types = types(schema);
        Arbitrary<Json> wrongType = Arbitraries.of(Json.NULL, new Json.Bool(true), Json.number(0), Json.number(-1),
                Json.number("9223372036854775808"), Json.number("1e309"), Json.number("-0.5"), Json.text("x"),
                new Json.Arr(List.of()), new Json.Obj(Map.of()), new Json.Arr(List.of(Json.NULL)));
        List<Tuple.Tuple2<Integer, Arbitrary<Json>>> options = new ArrayList<>();
        options.add(Tuple.of(2, wrongType));
        options.add(Tuple.of(3, hostileStrings().map(Json::text)));
        if (types.contains("string") || types.isEmpty()) {
            // a value that passes the checks with one character no database or parser should choke on
            Arbitrary<Json> passing = valid(schema, depth);
            options.add(Tuple.of(4, passing.flatMap(v -> Arbitraries.of("\u0000", "\uD800", "\uDFFF", "\u001B", "\uFFFF", "\u202E")
                    .flatMap(bad -> Arbitraries.integers().between(0, 1000).map(at -> {
                        if (!(v instanceof Json.Str str)) {
                            return (Json) Json.text(bad);
                        }
                        int i = Math.min(at, str.value().length());
                        return (Json) Json.text(str.value().substring(0, i) + bad + str.value().substring(i));
                    })))));
        }
        if (types.contains("string") && schema.has("maxLength")) {
            int tooLong = schema.get("maxLength").asInt() + 1;
            options.add(Tuple.of(2, Arbitraries.of("x", "\u00e4", "\uD83D\uDE00").map(c -> Json.text(c.repeat(tooLong)))));
        }
        if (types.contains("integer")) {
            List<Json> edges = new ArrayList<>(List.of(Json.number(Long.MIN_VALUE), Json.number(Long.MAX_VALUE),
                    Json.number(Integer.MAX_VALUE + 1L), Json.number("1.5"), Json.text("12")));
            if (schema.has("minimum")) {
                edges.add(Json.number(schema.get("minimum").asLong() - 1));
            }
            if (schema.has("maximum")) {
                edges.add(Json.number(schema.get("maximum").asLong() + 1));
            }
            options.add(Tuple.of(2, Arbitraries.of(edges)));
        }
        if (types.contains("object") || schema.has("properties")) {
            options.add(Tuple.of(3, hostileObject(schema, depth)));
        }
        if (types.contains("array")) {
            JsonNode items = schema.has("items") ? schema.get("items") : EMPTY;
            int tooMany = schema.has("maxItems") ? schema.get("maxItems").asInt() + 1 : 1000;
            options.add(Tuple.of(2, depth >= MAX_DEPTH ? Arbitraries.just(new Json.Arr(List.of()))
                    : hostile(items, depth + 1).list().ofMaxSize(3).map(Json.Arr::new)));
            options.add(Tuple.of(1, Arbitraries.just(new Json.Arr(java.util.Collections.nCopies(Math.min(tooMany, 20_000), Json.text("x"))))));
        }
        options.add(Tuple.of(1, deepNesting()));
        return Arbitraries.frequencyOf(options);
    }

    /** A valid object with one thing wrong: a hostile field value, a required field missing, or fields it never heard of. */
    private Arbitrary<Json> hostileObject(JsonNode schema, int depth) {
        JsonNode properties = schema.path("properties");
        List<String> names = new ArrayList<>();
        properties.fieldNames().forEachRemaining(names::add);
        Arbitrary<Json> base = depth >= MAX_DEPTH ? Arbitraries.just(new Json.Obj(Map.of())) : validObject(schema, depth);
        List<Arbitrary<Json>> ways = new ArrayList<>();
        ways.add(base.flatMap(o -> hostileStrings().map(key -> {
            Map<String, Json> fields = new LinkedHashMap<>(((Json.Obj) o).fields());
            fields.put(key, Json.text("unknown"));
            fields.put("@class", Json.text("java.lang.Runtime"));
            fields.put("__proto__", new Json.Obj(Map.of("admin", new Json.Bool(true))));
            return (Json) new Json.Obj(fields);
        })));
        if (!names.isEmpty() && depth < MAX_DEPTH) {
            ways.add(base.flatMap(o -> Arbitraries.of(names).flatMap(name -> hostile(properties.get(name), depth + 1).map(bad -> {
                Map<String, Json> fields = new LinkedHashMap<>(((Json.Obj) o).fields());
                fields.put(name, bad);
                return (Json) new Json.Obj(fields);
            }))));
            ways.add(base.flatMap(o -> Arbitraries.of(names).map(name -> {
                Map<String, Json> fields = new LinkedHashMap<>(((Json.Obj) o).fields());
                fields.remove(name);
                return (Json) new Json.Obj(fields);
            })));
        }
        return Arbitraries.oneOf(ways);
    }

    /** Nesting past what any parser should follow, and JSON that is not JSON. */
    static Arbitrary<Json> deepNesting() {
        return Arbitraries.of(
                raw("[".repeat(5000) + "]".repeat(5000), "5000 nested arrays"),
                raw("{\"a\":".repeat(3000) + "1" + "}".repeat(3000), "3000 nested objects"),
                raw("{", "an unfinished object"),
                raw("{\"a\":1,}", "a trailing comma"),
                raw("{\"a\":1}{\"b\":2}", "two documents"),
                raw("\u0000", "a NUL byte"),
                raw("<?xml version=\"1.0\"?><a/>", "XML"),
                raw("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x \"xxxxxxxxxx\"><!ENTITY y \"&x;&x;&x;&x;&x;&x;&x;&x;&x;&x;\">"
                        + "<!ENTITY z \"&y;&y;&y;&y;&y;&y;&y;&y;&y;&y;\"><!ENTITY e SYSTEM \"file:///etc/passwd\">]><a>&z;&e;</a>",
                        "XML with entity expansion and an external entity"),
                new Json.Raw(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0x7B}, "bytes that are not UTF-8"));
    }

    private static Json raw(String text, String label) {
        return new Json.Raw(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), label);
    }

    JsonNode resolve(JsonNode schema) {
        int hops = 0;
        while (schema != null && schema.has("$ref") && hops++ < 20) {
            String ref = schema.get("$ref").asText();
            schema = ref.startsWith("#/") ? document.at(ref.substring(1)) : EMPTY;
        }
        return schema == null || schema.isMissingNode() ? EMPTY : schema;
    }

    static List<String> types(JsonNode schema) {
        JsonNode type = schema.path("type");
        List<String> types = new ArrayList<>();
        if (type.isTextual()) {
            types.add(type.asText());
        } else if (type.isArray()) {
            type.forEach(t -> types.add(t.asText()));
        }
        return types;
    }
}
