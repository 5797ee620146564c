package fi.lainaamo.deploy;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;

/**
 * Renders a Kustomize overlay with {@code kubectl kustomize} (no cluster needed) and parses every document strictly:
 * Kubernetes kinds into the fabric8 model, Strimzi kinds into Strimzi's published API model (io.strimzi:api), and
 * CloudNativePG kinds against its schema (npm {@code @kubernetes-models/cloudnative-pg}, through deploy/tools).
 * Both Java models keep fields they do not know in an {@code additionalProperties} map instead of failing, so a
 * field is unknown exactly when such a map, anywhere in the parsed object, is not empty.
 */
final class Manifests {

    /** Kinds whose only model here is CloudNativePG's schema (validated by deploy/tools/validate-cnpg). */
    static final String CNPG_GROUP = "postgresql.cnpg.io/";
    private static final Map<String, Class<? extends HasMetadata>> STRIMZI = Map.of(
            "Kafka", Kafka.class, "KafkaNodePool", KafkaNodePool.class, "KafkaTopic", KafkaTopic.class);

    private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory());
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
    /** Plain trees (for tests that build documents). */
    static final ObjectMapper JSON_TREES = new ObjectMapper();
    /** fabric8's serialization on a mapper that fails on unknown properties (its models' any-setters still take them). */
    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization(
            tools.jackson.databind.json.JsonMapper.builder()
                    .enable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build(), true);

    /** One rendered document: its tree as written, and the model object it parsed into (null for CloudNativePG). */
    record Doc(String apiVersion, String kind, String name, JsonNode tree, Object model) {
        String id() {
            return kind + "/" + name;
        }

        JsonNode at(String pointer) {
            return tree.at(pointer);
        }
    }

    private Manifests() {
    }

    static Path repoRoot() {
        return Path.of(System.getProperty("lainaamo.repo-root", "..")).toAbsolutePath().normalize();
    }

    /** The kubectl to use: $KUBECTL, else the first on the PATH; fails the test with what to do when there is none. */
    static Path kubectl() {
        String configured = System.getenv("KUBECTL");
        if (configured != null && !configured.isBlank()) {
            if (!Files.isExecutable(Path.of(configured))) {
                throw new AssertionError("KUBECTL=" + configured + " is not an executable kubectl");
            }
            return Path.of(configured);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("kubectl is not installed, and the Kubernetes manifests cannot be rendered without it "
                + "(kubectl kustomize needs no cluster). Install it with deploy/tools/install-kubectl (what .ci/run "
                + "does), or set KUBECTL to its path.");
    }

    /** {@code kubectl kustomize <dir>}: the overlay's documents as one YAML stream. */
    static String render(Path kustomization) throws IOException, InterruptedException {
        Path out = Files.createTempFile("kustomize", ".yaml");
        Path err = Files.createTempFile("kustomize", ".err");
        try {
            Process process = new ProcessBuilder(kubectl().toString(), "kustomize", kustomization.toString())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("kubectl kustomize " + kustomization + " did not finish within 120 s");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + kustomization + " failed: " + Files.readString(err));
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Every document of a YAML stream, parsed; throws one AssertionError naming every problem found. */
    static List<Doc> parse(String yaml) throws IOException {
        List<Doc> docs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode tree = it.next();
                if (tree == null || tree.isNull() || tree.isEmpty()) {
                    continue;
                }
                String apiVersion = tree.path("apiVersion").asText("");
                String kind = tree.path("kind").asText("");
                String name = tree.path("metadata").path("name").asText("");
                String id = kind + "/" + name;
                Object model = null;
                try {
                    if (apiVersion.startsWith(CNPG_GROUP)) {
                        model = null;
                    } else if (apiVersion.startsWith("kafka.strimzi.io/")) {
                        Class<? extends HasMetadata> type = STRIMZI.get(kind);
                        if (type == null) {
                            problems.add(id + ": a Strimzi kind this check does not know (" + apiVersion + ")");
                            continue;
                        }
                        model = JSON.treeToValue(tree, type);
                        @SuppressWarnings("unchecked")
                        List<String> versions = (List<String>) type.getField("VERSIONS").get(null);
                        if (!versions.contains(apiVersion.substring(apiVersion.indexOf('/') + 1))) {
                            problems.add(id + ": apiVersion " + apiVersion + " is not one of Strimzi's " + versions);
                        }
                    } else {
                        model = KUBERNETES.unmarshal(JSON.writeValueAsString(tree), KubernetesResource.class);
                        if (model instanceof GenericKubernetesResource) {
                            problems.add(id + ": " + apiVersion + " " + kind + " is not a kind of the Kubernetes model");
                            continue;
                        }
                    }
                } catch (Exception e) {
                    problems.add(id + ": does not parse: " + e.getMessage());
                    continue;
                }
                for (String field : unknownFields(model)) {
                    problems.add(id + ": unknown field " + field);
                }
                docs.add(new Doc(apiVersion, kind, name, tree, model));
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("the manifests do not fit the models:\n  " + String.join("\n  ", problems));
        }
        return docs;
    }

    /** The paths of fields a model object kept as unknown ({@code additionalProperties}), anywhere inside it. */
    static List<String> unknownFields(Object model) {
        List<String> found = new ArrayList<>();
        if (model != null) {
            walk(model, "", found, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        }
        return found;
    }

    private static void walk(Object value, String path, List<String> found, Set<Object> seen) {
        if (value == null || !seen.add(value)) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, found, seen));
            return;
        }
        if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                walk(item, path + "[" + i++ + "]", found, seen);
            }
            return;
        }
        String pkg = value.getClass().getPackageName();
        if (!pkg.startsWith("io.fabric8.kubernetes.api.model") && !pkg.startsWith("io.strimzi.api")) {
            return;
        }
        for (Class<?> c = value.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                Object fieldValue;
                try {
                    field.setAccessible(true);
                    fieldValue = field.get(value);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    continue;
                }
                if (field.getName().equals("additionalProperties") && fieldValue instanceof Map<?, ?> extra) {
                    extra.keySet().forEach(k -> found.add((path.isEmpty() ? "" : path.substring(1) + ".") + k));
                } else {
                    walk(fieldValue, path + "." + field.getName(), found, seen);
                }
            }
        }
    }
}
