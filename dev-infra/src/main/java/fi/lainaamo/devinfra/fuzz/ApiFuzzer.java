package fi.lainaamo.devinfra.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.lainaamo.devinfra.TestTokens;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;
import net.jqwik.api.sessions.JqwikSession;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends hostile requests to every operation of a running service's own OpenAPI document ({@code /q/openapi}) and
 * checks what a caller must never see: a 5xx, a stack trace or a Java class name in any body, and a change of state
 * caused by a request the service refused (4xx). Values come from jqwik arbitraries driven by the document's schemas
 * (see {@link HostileValues}), drawn with a seeded {@link Random}: the seed is logged, and
 * {@code -Dlainaamo.fuzz.seed=N} repeats a run exactly ({@code random} picks a new one).
 *
 * <p>Used from a {@code @QuarkusTest} of each service, with valid tokens of each role so that authorization does not
 * hide the handlers: {@code ApiFuzzer.against(uri).withToken("patron", token).watching(dataSource).run()}.
 */
public final class ApiFuzzer {

    public static final String SEED_PROPERTY = "lainaamo.fuzz.seed";
    /** More requests for a longer search by hand ({@code -Dlainaamo.fuzz.requests=3000}); the time limit grows with them. */
    public static final String REQUESTS_PROPERTY = "lainaamo.fuzz.requests";
    /** The seed CI runs with; any other is one -D away. */
    public static final long DEFAULT_SEED = 13;

    private static final Logger LOG = Logger.getLogger(ApiFuzzer.class);
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern UUIDS = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** A stack frame, a chained cause, a source line, or a qualified Java class name. */
    private static final Pattern LEAK = Pattern.compile(
            "(?m)^\\s*at [\\w$.]+\\(|Caused by: |\\.java:\\d+\\)|\\b(?:java|javax|jakarta|sun|org|com|io|fi|net)\\.(?:[a-z_][\\w]*\\.)+[A-Z][\\w$]*"
                    + "|\\b\\w+(?:Exception|Error)\\b");

    private final URI base;
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private final Map<String, String> skipped = new LinkedHashMap<>();
    private final Set<String> ignoredTables = new LinkedHashSet<>();
    private DataSource database;
    private int requests = 300;
    private Duration timeLimit = Duration.ofSeconds(50);

    private ApiFuzzer(URI base) {
        this.base = base;
    }

    /** The service under test, e.g. a Quarkus test's {@code @TestHTTPResource("/") URI}. */
    public static ApiFuzzer against(URI base) {
        return new ApiFuzzer(base);
    }

    /** A valid token for {@code role} (the names in the document's security requirements: patron, librarian, ...). */
    public ApiFuzzer withToken(String role, String token) {
        tokens.put(role, token);
        return this;
    }

    /**
     * A token of every role, signed by the test identity ({@link TestTokens}) that every service but patron-service
     * trusts. The patron and the librarian belong to one fixed library, the same in every run.
     */
    public ApiFuzzer withTestTokens() {
        UUID library = UUID.nameUUIDFromBytes("api-fuzz library".getBytes(StandardCharsets.UTF_8));
        UUID patron = UUID.nameUUIDFromBytes("api-fuzz patron".getBytes(StandardCharsets.UTF_8));
        return withToken("patron", TestTokens.patron(patron, "091", library))
                .withToken("librarian", TestTokens.librarian(library))
                .withToken("consortium-admin", TestTokens.consortiumAdmin())
                .withToken("service", TestTokens.service("api-fuzz"))
                .withToken("partner-app", TestTokens.sign("api-fuzz-app", List.of("partner-app"), null, library));
    }

    /** The service's own database: its table row counts must not change when a request is refused. */
    public ApiFuzzer watching(DataSource database, String... ignoredTables) {
        this.database = database;
        this.ignoredTables.addAll(List.of(ignoredTables));
        return this;
    }

    /** Leaves out an operation, saying why (logged with every run). */
    public ApiFuzzer skipping(String operationId, String reason) {
        skipped.put(operationId, reason);
        return this;
    }

    /** About this many requests in all, spread over the operations; stops early at the time limit. */
    public ApiFuzzer requests(int total, Duration timeLimit) {
        this.requests = total;
        this.timeLimit = timeLimit;
        return this;
    }

    /** Runs the requests and fails with every finding, each with what reproduces it. */
    public void run() {
        long seed = seed();
        LOG.infof("API fuzz of %s with seed %d (repeat with -D%s=%d)", base, seed, SEED_PROPERTY, seed);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
        JsonNode document = fetchDocument(http);
        List<Operation> operations = operations(document);
        Set<UUID> seenIds = new LinkedHashSet<>();
        Map<String, Set<String>> seenValues = new TreeMap<>();
        HostileValues values = new HostileValues(document, () -> List.copyOf(seenIds),
                name -> List.copyOf(seenValues.getOrDefault(name, Set.of())));
        StateFingerprint state = database == null ? null : new StateFingerprint(database, ignoredTables);
        skipped.forEach((id, reason) -> LOG.infof("API fuzz skips %s: %s", id, reason));

        int total = Integer.getInteger(REQUESTS_PROPERTY, requests);
        int perOperation = Math.max(3, total / Math.max(1, operations.size()));
        long deadline = System.nanoTime() + timeLimit.multipliedBy(Math.max(1, total / requests)).toNanos();
        List<Finding> findings = new ArrayList<>();
        Map<String, Integer> statuses = new TreeMap<>();
        int sent = 0;
        int replayed = 0;
        long started = System.nanoTime();
        outer:
        for (int round = 0; round < perOperation; round++) {
            for (Operation operation : operations) {
                if (System.nanoTime() > deadline) {
                    LOG.warnf("API fuzz stopped at its time limit (%s) after %d requests", timeLimit, sent);
                    break outer;
                }
                Random random = new Random(seed * 31 + operation.id().hashCode() * 17L + round);
                Request request;
                // jqwik's arbitraries need a session of their own outside its engine (a @QuarkusTest runs on JUnit's)
                JqwikSession.start(String.valueOf(seed));
                try {
                    request = operation.request(values, tokens, random);
                } finally {
                    JqwikSession.finish();
                }
                Map<String, Long> before = state == null ? null : state.take();
                Answer answer = send(http, request);
                sent++;
                statuses.merge(operation.id() + " " + answer.statusClass(), 1, Integer::sum);
                if (LOG.isDebugEnabled()) {
                    LOG.debugf("%s\n  answer %d: %s", request, answer.status, shorten(answer.body, 300));
                }
                if (answer.status >= 200 && answer.status < 300) {
                    Matcher ids = UUIDS.matcher(answer.body);
                    while (ids.find() && seenIds.size() < 500) {
                        seenIds.add(UUID.fromString(ids.group()));
                    }
                    remember(answer.body, seenValues);
                }
                check(request, answer, round, findings);
                if (state != null && answer.status >= 400 && answer.status < 500) {
                    Map<String, Long> after = state.take();
                    if (!after.equals(before)) {
                        // something changed: once the service is quiet, the same request must change it again to count
                        replayed++;
                        LOG.debugf("state changed around a %d (%s); replaying it on a quiet service", answer.status,
                                StateFingerprint.difference(before, after));
                        Map<String, Long> quiet = state.settled();
                        Answer again = send(http, request);
                        Map<String, Long> afterAgain = state.take();
                        if (again.status >= 400 && again.status < 500 && !afterAgain.equals(quiet)) {
                            findings.add(new Finding(request, answer, round, "a refused request (" + answer.status
                                    + ") changed state: " + StateFingerprint.difference(quiet, afterAgain)));
                        }
                    }
                }
            }
        }
        LOG.infof("API fuzz sent %d requests to %d operations in %d s (seed %d; %d refusals replayed after a state change): %s",
                sent, operations.size(), Duration.ofNanos(System.nanoTime() - started).toSeconds(), seed, replayed, statuses);
        if (!findings.isEmpty()) {
            StringBuilder message = new StringBuilder(findings.size() + " finding(s) from " + sent + " requests, seed " + seed
                    + " (repeat with -D" + SEED_PROPERTY + "=" + seed + "):");
            Map<String, Integer> shown = new LinkedHashMap<>();
            for (Finding finding : findings) {
                // one example per operation, status and kind of input is enough to act on
                String kind = finding.request.operation.id() + " " + finding.answer.status + " " + finding.request.traits() + " " + finding.problem.replaceAll("\\d", "");
                if (shown.merge(kind, 1, Integer::sum) == 1 && shown.size() <= 40) {
                    message.append("\n\n").append(finding);
                }
            }
            throw new AssertionError(message.toString());
        }
    }

    /**
     * Field values of a JSON answer, by field name, for later requests. Consumer names are not kept: pausing a real
     * consumer would stop event intake for the tests that run after this one in the same JVM.
     */
    private static void remember(String body, Map<String, Set<String>> seen) {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (IOException | RuntimeException notJson) {
            return;
        }
        java.util.Deque<Map.Entry<String, JsonNode>> todo = new java.util.ArrayDeque<>();
        todo.add(Map.entry("", root));
        int visited = 0;
        while (!todo.isEmpty() && visited++ < 5000) {
            Map.Entry<String, JsonNode> next = todo.poll();
            JsonNode node = next.getValue();
            if (node.isObject()) {
                node.fields().forEachRemaining(f -> todo.add(Map.entry(f.getKey(), f.getValue())));
            } else if (node.isArray()) {
                node.forEach(item -> todo.add(Map.entry(next.getKey(), item)));
            } else if ((node.isTextual() || node.isIntegralNumber()) && !next.getKey().isEmpty() && !"consumer".equals(next.getKey())
                    && node.asText().length() <= 200) {
                Set<String> values = seen.computeIfAbsent(next.getKey(), k -> new LinkedHashSet<>());
                if (values.size() < 50) {
                    values.add(node.asText());
                }
            }
        }
    }

    private static long seed() {
        String configured = System.getProperty(SEED_PROPERTY);
        if (configured == null || configured.isBlank()) {
            return DEFAULT_SEED;
        }
        return "random".equals(configured) ? new Random().nextLong() : Long.parseLong(configured.trim());
    }

    private void check(Request request, Answer answer, int round, List<Finding> findings) {
        if (answer.status >= 500) {
            findings.add(new Finding(request, answer, round, "answered " + answer.status));
        }
        Matcher leak = LEAK.matcher(answer.body);
        if (leak.find()) {
            findings.add(new Finding(request, answer, round, "the body shows internals: \"" + leak.group() + "\""));
        }
    }

    private JsonNode fetchDocument(HttpClient http) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/q/openapi?format=json")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET /q/openapi answered " + response.statusCode());
            }
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the OpenAPI document", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private List<Operation> operations(JsonNode document) {
        List<Operation> operations = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields();
            while (methods.hasNext()) {
                Map.Entry<String, JsonNode> method = methods.next();
                if (!METHODS.contains(method.getKey())) {
                    continue;
                }
                JsonNode op = method.getValue();
                String id = op.path("operationId").asText(method.getKey() + " " + path.getKey());
                if (skipped.containsKey(id)) {
                    continue;
                }
                List<JsonNode> parameters = new ArrayList<>();
                path.getValue().path("parameters").forEach(parameters::add);
                op.path("parameters").forEach(parameters::add);
                Set<String> roles = new LinkedHashSet<>();
                op.path("security").forEach(requirement -> requirement.fields()
                        .forEachRemaining(scheme -> scheme.getValue().forEach(role -> roles.add(role.asText()))));
                operations.add(new Operation(id, method.getKey().toUpperCase(), path.getKey(), parameters,
                        op.path("requestBody"), op.has("security") && !op.path("security").isEmpty(), List.copyOf(roles)));
            }
        }
        return operations;
    }

    private Answer send(HttpClient http, Request request) {
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(request.target)).timeout(Duration.ofSeconds(30))
                    .method(request.operation.method(), request.body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(request.body));
            request.headers.forEach(builder::header);
            HttpResponse<byte[]> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8),
                    response.headers().firstValue("content-type").orElse(""));
        } catch (IOException e) {
            // the connection closed without an answer (an oversized head, for example): no 5xx and nothing shown
            return new Answer(0, "", "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One operation of the document, and how to make a request for it. */
    record Operation(String id, String method, String path, List<JsonNode> parameters, JsonNode requestBody, boolean secured,
                     List<String> roles) {

        /**
         * A request with, most of the time, one hostile part and everything else as the document allows: one in
         * ten is entirely valid, one in ten hostile throughout. One bad part at a time is what gets past the checks
         * before it and reaches the code behind.
         */
        Request request(HostileValues values, Map<String, String> tokens, Random random) {
            int mode = random.nextInt(10);
            boolean chaos = mode == 0;
            // which part is hostile: a parameter, the body, the token or the other headers (none when all valid)
            int parts = parameters.size() + 3;
            int hostilePart = mode == 1 ? -1 : random.nextInt(parts);
            Set<String> traits = new LinkedHashSet<>();
            String target = path;
            StringBuilder query = new StringBuilder();
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 0; i < parameters.size(); i++) {
                JsonNode parameter = values.resolve(parameters.get(i));
                String name = parameter.path("name").asText();
                String in = parameter.path("in").asText();
                boolean hostile = chaos || hostilePart == i;
                boolean required = parameter.path("required").asBoolean(false) || "path".equals(in);
                if (!required && !hostile && random.nextInt(3) == 0) {
                    continue;
                }
                JsonNode schema = parameter.path("schema");
                String text = plain(draw(hostile ? values.hostile(schema, 0) : values.valid(schema, 0, name), random));
                traits.addAll(traitsOf(text));
                switch (in) {
                    case "path" -> target = target.replace("{" + name + "}", percentEncoded(text));
                    case "query" -> query.append(query.length() == 0 ? "?" : "&").append(percentEncoded(name)).append('=').append(percentEncoded(text));
                    case "header" -> headers.put(name, headerValue(text));
                    default -> {
                    }
                }
            }
            target = target.replaceAll("\\{[^}]*}", "x");

            boolean hostileHeaders = chaos || hostilePart == parameters.size() + 2;
            if (hostileHeaders) {
                String extra = draw(HostileValues.hostileStrings(), random);
                traits.addAll(traitsOf(extra));
                query.append(query.length() == 0 ? "?" : "&").append("unknown=").append(percentEncoded(extra));
                String language = draw(Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.of("sv;q=0.5, en;q=0.9", "*", "xx-YY", ";;;q=x")),
                        Tuple.of(2, HostileValues.hostileStrings())), random);
                headers.put("Accept-Language", headerValue(language));
                headers.put("Accept", draw(Arbitraries.of("application/xml", "text/html", "*/*", "application/json;q=0", "x/y", "\u00ff"), random));
            } else if (random.nextInt(4) == 0) {
                headers.put("Accept-Language", draw(Arbitraries.of("fi", "sv", "en", "fi-FI,fi;q=0.9,en;q=0.5"), random));
            }
            authorization(tokens, random, headers, chaos || hostilePart == parameters.size() + 1);

            boolean hostileBody = chaos || hostilePart == parameters.size();
            byte[] body = null;
            List<String> mediaTypes = new ArrayList<>();
            requestBody.path("content").fieldNames().forEachRemaining(mediaTypes::add);
            if (!mediaTypes.isEmpty() || (hostileBody && random.nextInt(3) == 0)) {
                String mediaType = mediaTypes.isEmpty() ? "application/json" : mediaTypes.get(random.nextInt(mediaTypes.size()));
                JsonNode schema = requestBody.path("content").path(mediaType).path("schema");
                int shape = hostileBody ? random.nextInt(40) : -1;
                if (shape == 0) {
                    traits.add("no body");
                } else if (shape == 1) {
                    body = new byte[11 * 1024 * 1024];
                    java.util.Arrays.fill(body, (byte) '[');
                } else if (mediaType.contains("json")) {
                    Json json = draw(hostileBody ? values.hostile(schema, 0) : values.valid(schema, 0), random);
                    boolean rawSurrogates = random.nextBoolean();
                    body = Json.write(json, rawSurrogates);
                    traits.addAll(traitsOf(json, rawSurrogates));
                } else if (mediaType.contains("form-urlencoded")) {
                    Json json = draw(values.valid(schema, 0), random);
                    body = form(json, hostileBody, random).getBytes(StandardCharsets.US_ASCII);
                    traits.addAll(traitsOf(java.net.URLDecoder.decode(new String(body, StandardCharsets.US_ASCII), StandardCharsets.UTF_8)));
                } else {
                    Json raw = draw(Arbitraries.oneOf(HostileValues.deepNesting(), HostileValues.hostileStrings().map(Json::text)), random);
                    body = raw instanceof Json.Raw r ? r.bytes() : Json.write(raw, random.nextBoolean());
                    traits.addAll(traitsOf(raw, false));
                }
                headers.put("Content-Type", hostileBody && random.nextInt(6) == 0
                        ? draw(Arbitraries.of("text/plain", "application/json; charset=utf-16", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "a"), random)
                        : mediaType);
                if (body != null && body.length > 1_000_000) {
                    traits.add("body over 1 MB");
                }
            }
            return new Request(this, target + query, headers, body, traits);
        }

        /** A token that may call the operation, so that the handler itself is reached; when hostile, anything else. */
        private void authorization(Map<String, String> tokens, Random random, Map<String, String> headers, boolean hostile) {
            List<String> own = roles.stream().filter(tokens::containsKey).toList();
            int pick = hostile ? 14 + random.nextInt(6) : 0;
            String token;
            if (pick < 14) {
                List<String> candidates = !own.isEmpty() ? own : List.copyOf(tokens.keySet());
                token = candidates.isEmpty() || (!secured && random.nextBoolean()) ? null : tokens.get(candidates.get(random.nextInt(candidates.size())));
            } else if (pick < 16) {
                List<String> all = List.copyOf(tokens.keySet());
                token = all.isEmpty() ? null : tokens.get(all.get(random.nextInt(all.size())));
            } else if (pick < 17) {
                token = null;
            } else if (pick < 18) {
                token = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4IiwiZ3JvdXBzIjpbImNvbnNvcnRpdW0tYWRtaW4iXX0.";
            } else if (pick < 19 && !tokens.isEmpty()) {
                String valid = tokens.values().iterator().next();
                token = valid.substring(0, valid.length() - 4) + "AAAA";
            } else {
                token = headerValue(draw(HostileValues.hostileStrings(), random));
            }
            if (token != null) {
                headers.put("Authorization", "Bearer " + token);
            }
        }

        private static String form(Json json, boolean hostile, Random random) {
            StringBuilder form = new StringBuilder();
            if (json instanceof Json.Obj object) {
                for (Map.Entry<String, Json> field : object.fields().entrySet()) {
                    String value = hostile && random.nextBoolean() ? draw(HostileValues.hostileStrings(), random) : plain(field.getValue());
                    form.append(form.length() == 0 ? "" : "&").append(percentEncoded(field.getKey())).append('=').append(percentEncoded(value));
                }
            }
            return form.toString();
        }
    }

    static <T> T draw(Arbitrary<T> arbitrary, Random random) {
        return arbitrary.generator(1000).next(random).value();
    }

    /** A parameter's text: strings as they are, anything else as its JSON. */
    static String plain(Json value) {
        if (value instanceof Json.Str s) {
            return s.value();
        }
        if (value instanceof Json.Raw r) {
            return new String(r.bytes(), StandardCharsets.UTF_8);
        }
        return new String(Json.write(value, false), StandardCharsets.UTF_8);
    }

    /** Percent-encodes the UTF-8 of {@code text}; a lone surrogate becomes its CESU-8 bytes, which are not UTF-8. */
    static String percentEncoded(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append(c);
                continue;
            }
            byte[] bytes;
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes = text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes = new byte[] {(byte) (0xE0 | (c >> 12)), (byte) (0x80 | ((c >> 6) & 0x3F)), (byte) (0x80 | (c & 0x3F))};
            } else {
                bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
            }
            for (byte b : bytes) {
                out.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return out.toString();
    }

    /**
     * The UTF-8 bytes of {@code text} as a header value. Java's HTTP client refuses control characters in headers, so
     * those are dropped (NUL and friends reach the services through query, path and body instead).
     */
    static String headerValue(String text) {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        for (byte b : percentDecodedBytes(text)) {
            int v = b & 0xFF;
            if (v == '\t' || (v >= 0x20 && v != 0x7F)) {
                kept.write(v);
            }
        }
        String value = kept.toString(StandardCharsets.ISO_8859_1).strip();
        return value.length() > 8000 ? value.substring(0, 8000) : value;
    }

    private static byte[] percentDecodedBytes(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String encoded = percentEncoded(text);
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                out.write(Integer.parseInt(encoded.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    static Set<String> traitsOf(String text) {
        Set<String> traits = new LinkedHashSet<>();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                traits.add("NUL");
            } else if (c < 0x20 || c == 0x7F) {
                traits.add("control character");
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                traits.add("lone surrogate");
            }
        }
        if (text.length() >= HostileValues.HUGE) {
            traits.add("huge value");
        }
        return traits;
    }

    static Set<String> traitsOf(Json json, boolean rawSurrogates) {
        if (json instanceof Json.Raw raw) {
            return Set.of(raw.label());
        }
        Set<String> traits = traitsOf(new String(Json.write(json, false), StandardCharsets.UTF_8)
                .replace("\\u0000", "\u0000").replaceAll("\\\\u00[01][0-9a-f]", "\u0001")
                .replaceAll("\\\\ud[89ab][0-9a-f]{2}", "\uD800").replaceAll("\\\\ud[c-f][0-9a-f]{2}", "\uDC00"));
        if (rawSurrogates && traits.contains("lone surrogate")) {
            traits = new LinkedHashSet<>(traits);
            traits.add("bytes that are not UTF-8");
        }
        return traits;
    }

    /** A request as sent. */
    record Request(Operation operation, String target, Map<String, String> headers, byte[] body, Set<String> traits) {

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(operation.method()).append(' ').append(shorten(target, 300));
            headers.forEach((name, value) -> s.append("\n    ").append(name).append(": ")
                    .append(name.equals("Authorization") ? shorten(value, 24) + "…" : shorten(value, 120)));
            if (body != null) {
                s.append("\n    body (").append(body.length).append(" bytes): ")
                        .append(shorten(new String(body, 0, Math.min(body.length, 400), StandardCharsets.UTF_8), 300));
            }
            return s.toString();
        }
    }

    record Answer(int status, String body, String contentType) {
        String statusClass() {
            return status == 0 ? "closed" : status / 100 + "xx";
        }
    }

    record Finding(Request request, Answer answer, int round, String problem) {
        @Override
        public String toString() {
            return "- " + request.operation.id() + ": " + problem + (request.traits.isEmpty() ? "" : " [input: " + String.join(", ", request.traits) + "]")
                    + "\n  " + request + "\n  answer " + answer.status + " " + answer.contentType + ": " + shorten(answer.body, 400);
        }
    }

    private static String shorten(String s, int max) {
        String visible = s.replace("\u0000", "\\0").replace("\n", "\\n").replace("\r", "\\r");
        return visible.length() <= max ? visible : visible.substring(0, max) + "…(" + visible.length() + " chars)";
    }
}
