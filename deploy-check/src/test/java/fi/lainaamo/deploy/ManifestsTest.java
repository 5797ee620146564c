package fi.lainaamo.deploy;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import fi.lainaamo.events.Topics;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.topic.KafkaTopic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The Kubernetes manifests (deploy/k8s), rendered per overlay and checked offline: every document fits its model
 * (fabric8, Strimzi, CloudNativePG) with no unknown field, and the project's own rules hold for every workload.
 */
class ManifestsTest {

    /** The workloads, their modules and ports (public, management). */
    static final Map<String, int[]> WORKLOADS = Map.of(
            "patron-service", new int[] {8081, 9081}, "catalog-service", new int[] {8082, 9082},
            "license-service", new int[] {8083, 9083}, "loan-service", new int[] {8084, 9084},
            "report-service", new int[] {8086, 9086}, "web", new int[] {8080, 9080});
    static final Map<String, String> DATABASES = Map.of(
            "patron-service", "patron", "catalog-service", "catalog", "license-service", "license", "loan-service", "loan",
            "report-service", "report");
    static final Set<String> STANDARD_LABELS = Set.of("app.kubernetes.io/name", "app.kubernetes.io/component",
            "app.kubernetes.io/part-of", "app.kubernetes.io/version", "app.kubernetes.io/managed-by",
            "app.kubernetes.io/instance");
    /** Names of settings that hold secrets: they must come from a Secret. */
    static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PASSWORD|SECRET|_KEY|TOKEN$|CREDENTIALS).*");
    /** A literal that looks like a secret: long and random-looking (base64, hex), or a user:password pair. */
    static final Pattern SECRET_VALUE = Pattern.compile("^[A-Za-z0-9+/=_-]{24,}$|^[^:/\\s]+:[^@/\\s]{6,}@|^-----BEGIN");

    static List<Manifests.Doc> render(String overlay) throws Exception {
        return Manifests.parse(Manifests.render(Manifests.repoRoot().resolve("deploy/k8s/overlays/" + overlay)));
    }

    static <T> List<T> models(List<Manifests.Doc> docs, Class<T> type) {
        return docs.stream().map(Manifests.Doc::model).filter(type::isInstance).map(type::cast).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void everyDocumentFitsItsModel(String overlay) throws Exception {
        List<Manifests.Doc> docs = render(overlay);
        Set<String> kinds = docs.stream().map(Manifests.Doc::kind).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(kinds.containsAll(Set.of("Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget",
                "NetworkPolicy", "ConfigMap", "Ingress", "Kafka", "KafkaNodePool", "KafkaTopic", "Cluster")), kinds.toString());
        // CloudNativePG has no Java model: its documents go to its published schema
        List<String> cnpg = CloudNativePg.violations(docs.stream()
                .filter(d -> d.apiVersion().startsWith(Manifests.CNPG_GROUP)).map(Manifests.Doc::tree).toList());
        assertEquals(List.of(), cnpg);
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void everyWorkloadHasProbesLimitsLabelsAutoscalerBudgetAndPolicy(String overlay) throws Exception {
        List<Manifests.Doc> docs = render(overlay);
        List<Deployment> deployments = models(docs, Deployment.class);
        assertEquals(WORKLOADS.keySet(), deployments.stream().map(d -> d.getMetadata().getName()).collect(Collectors.toSet()));
        List<String> problems = new ArrayList<>();
        for (Deployment deployment : deployments) {
            problems.addAll(WorkloadRules.check(deployment, WORKLOADS.get(deployment.getMetadata().getName())));
            String name = deployment.getMetadata().getName();
            if (models(docs, HorizontalPodAutoscaler.class).stream()
                    .noneMatch(h -> h.getSpec().getScaleTargetRef().getName().equals(name)
                            && h.getSpec().getMinReplicas() >= 1 && h.getSpec().getMaxReplicas() > h.getSpec().getMinReplicas())) {
                problems.add(name + ": no HorizontalPodAutoscaler");
            }
            Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
            if (models(docs, PodDisruptionBudget.class).stream()
                    .noneMatch(p -> podLabels.entrySet().containsAll(p.getSpec().getSelector().getMatchLabels().entrySet()))) {
                problems.add(name + ": no PodDisruptionBudget");
            }
            if (models(docs, NetworkPolicy.class).stream()
                    .noneMatch(p -> podLabels.entrySet().containsAll(p.getSpec().getPodSelector().getMatchLabels().entrySet())
                            && p.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress")))) {
                problems.add(name + ": no NetworkPolicy for its ingress and egress");
            }
        }
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void noSecretIsWrittenIntoTheManifests(String overlay) throws Exception {
        List<Manifests.Doc> docs = render(overlay);
        List<String> problems = new ArrayList<>(SecretRules.check(docs));
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void servicesGetOnlySettingsTheyReadAndTheirOwnDatabase(String overlay) throws Exception {
        List<Manifests.Doc> docs = render(overlay);
        List<String> problems = new ArrayList<>();
        for (Deployment deployment : models(docs, Deployment.class)) {
            String name = deployment.getMetadata().getName();
            Set<String> read = settingsRead(name);
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            for (EnvVar env : container.getEnv()) {
                if (!read.contains(env.getName())) {
                    problems.add(name + ": sets " + env.getName() + ", which its configuration does not read");
                }
            }
            String database = DATABASES.get(name);
            if (database == null) {
                continue;
            }
            Map<String, EnvVar> env = container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
            String cluster = database + "-db";
            assertEquals("jdbc:postgresql://" + cluster + "-rw:5432/" + database, env.get("LAINAAMO_DB_URL").getValue(), name);
            assertEquals(cluster + "-app", env.get("LAINAAMO_DB_USER").getValueFrom().getSecretKeyRef().getName(), name);
            assertEquals(cluster + "-app", env.get("LAINAAMO_DB_PASSWORD").getValueFrom().getSecretKeyRef().getName(), name);
            Manifests.Doc db = docs.stream().filter(d -> d.kind().equals("Cluster") && d.name().equals(cluster)).findFirst()
                    .orElseThrow(() -> new AssertionError(name + ": no CloudNativePG Cluster " + cluster));
            assertEquals(database, db.at("/spec/bootstrap/initdb/database").asText(), cluster);
            assertEquals(database, db.at("/spec/bootstrap/initdb/owner").asText(), cluster);
            if (overlay.equals("production")) {
                assertEquals(3, db.at("/spec/instances").asInt(), cluster + " runs three instances");
            }
        }
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void everyTopicTheServicesUseIsDeclaredAndEventsAreKeptForEver(String overlay) throws Exception {
        List<Manifests.Doc> docs = render(overlay);
        Map<String, KafkaTopic> topics = models(docs, KafkaTopic.class).stream()
                .collect(Collectors.toMap(t -> Objects.requireNonNullElse(t.getSpec().getTopicName(), t.getMetadata().getName()), t -> t));
        for (String event : eventTopics()) {
            KafkaTopic topic = topics.get(event);
            assertTrue(topic != null, "no KafkaTopic " + event);
            assertEquals(24, topic.getSpec().getPartitions(), event);
            assertEquals(3, topic.getSpec().getReplicas(), event);
            assertEquals("-1", String.valueOf(topic.getSpec().getConfig().get("retention.ms")), event + " is kept for ever");
            assertEquals("-1", String.valueOf(topic.getSpec().getConfig().get("retention.bytes")), event + " is kept for ever");
        }
        for (String deadLetters : deadLetterTopics()) {
            assertTrue(topics.containsKey(deadLetters), "no KafkaTopic " + deadLetters);
            assertEquals(3, topics.get(deadLetters).getSpec().getReplicas(), deadLetters);
        }
        Manifests.Doc kafka = docs.stream().filter(d -> d.kind().equals("Kafka")).findFirst().orElseThrow();
        assertEquals("false", kafka.at("/spec/kafka/config/auto.create.topics.enable").asText(),
                "topics are only those declared");
        assertEquals("enabled", kafka.at("/metadata/annotations/strimzi.io~1kraft").asText());
        assertEquals("enabled", kafka.at("/metadata/annotations/strimzi.io~1node-pools").asText());
    }

    // --- the checks themselves fail on what they are meant to catch

    @Test
    void anUnknownFieldOrKindIsCaught() {
        String deployment = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  selector: {matchLabels: {a: b}}
                  replicass: 2
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers: [{name: x, image: x, livenessProbe: {httpGet: {path: /q/health/live, port: 1}, periodSecond: 3}}]
                """;
        AssertionError error = assertThrows(AssertionError.class, () -> Manifests.parse(deployment));
        assertTrue(error.getMessage().contains("spec.replicass"), error.getMessage());
        assertTrue(error.getMessage().contains("periodSecond"), error.getMessage());
        String topic = """
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaTopic
                metadata: {name: t}
                spec: {partitions: 24, replica: 3}
                """;
        error = assertThrows(AssertionError.class, () -> Manifests.parse(topic));
        assertTrue(error.getMessage().contains("replica"), error.getMessage());
        String unknownKind = """
                apiVersion: example.com/v1
                kind: Gadget
                metadata: {name: g}
                """;
        error = assertThrows(AssertionError.class, () -> Manifests.parse(unknownKind));
        assertTrue(error.getMessage().contains("Gadget"), error.getMessage());
        List<String> cnpg = CloudNativePg.violations(List.of(Manifests.JSON_TREES.valueToTree(Map.of(
                "apiVersion", "postgresql.cnpg.io/v1", "kind", "Cluster", "metadata", Map.of("name", "c"),
                "spec", Map.of("instances", "three")))));
        assertFalse(cnpg.isEmpty(), "CloudNativePG's schema refuses instances: three");
    }

    @Test
    void aWorkloadWithoutProbesLimitsOrLabelsAndALiteralSecretIsCaught() throws Exception {
        String yaml = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: loan-service, labels: {app.kubernetes.io/name: loan-service}}
                spec:
                  selector: {matchLabels: {app.kubernetes.io/name: loan-service}}
                  template:
                    metadata: {labels: {app.kubernetes.io/name: loan-service}}
                    spec:
                      containers:
                        - name: loan-service
                          image: lainaamo/loan-service
                          ports: [{name: management, containerPort: 9084}]
                          readinessProbe: {httpGet: {path: /ready, port: 8084}}
                          resources: {requests: {cpu: 100m}}
                          env:
                            - {name: LAINAAMO_FULFILMENT_SECRET, value: not-a-reference}
                            - {name: LAINAAMO_NOTE, value: c2VjcmV0LXRoYXQtbG9va3MtcmFuZG9tLTEyMzQ1}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: s}
                stringData: {password: hunter2}
                """;
        List<Manifests.Doc> docs = Manifests.parse(yaml);
        List<String> workload = WorkloadRules.check(models(docs, Deployment.class).get(0), WORKLOADS.get("loan-service"));
        String all = String.join("\n", workload);
        assertTrue(all.contains("startupProbe"), all);
        assertTrue(all.contains("livenessProbe"), all);
        assertTrue(all.contains("readinessProbe"), all);
        assertTrue(all.contains("limits"), all);
        assertTrue(all.contains("app.kubernetes.io/part-of"), all);
        String secrets = String.join("\n", SecretRules.check(docs));
        assertTrue(secrets.contains("LAINAAMO_FULFILMENT_SECRET"), secrets);
        assertTrue(secrets.contains("LAINAAMO_NOTE"), secrets);
        assertTrue(secrets.contains("Secret/s"), secrets);
    }

    // --- what the services read

    /** The environment variables a workload's configuration reads: ${NAME...} in its and the platform's properties. */
    static Set<String> settingsRead(String module) throws IOException {
        Path root = Manifests.repoRoot();
        List<Path> files = new ArrayList<>(List.of(root.resolve(module + "/src/main/resources/application.properties")));
        if (DATABASES.containsKey(module)) {
            files.add(root.resolve("platform/src/main/resources/META-INF/microprofile-config.properties"));
        }
        Set<String> names = new TreeSet<>(Set.of("PORT", "MANAGEMENT_PORT"));
        Matcher m = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)").matcher("");
        for (Path file : files) {
            m.reset(Files.readString(file));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    static List<String> eventTopics() throws IllegalAccessException {
        List<String> topics = new ArrayList<>();
        for (var field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                topics.add((String) field.get(null));
            }
        }
        assertFalse(topics.isEmpty());
        return topics;
    }

    /** lainaamo.dlq.<service>.<channel> for every incoming channel whose failures are set aside (not ignored). */
    static List<String> deadLetterTopics() throws IOException {
        List<String> topics = new ArrayList<>();
        for (String service : DATABASES.keySet()) {
            Properties properties = new Properties();
            try (var in = Files.newBufferedReader(Manifests.repoRoot().resolve(service + "/src/main/resources/application.properties"))) {
                properties.load(in);
            }
            Pattern channel = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.connector");
            for (String key : properties.stringPropertyNames()) {
                Matcher m = channel.matcher(key);
                if (m.matches() && !"ignore".equals(properties.getProperty("mp.messaging.incoming." + m.group(1) + ".failure-strategy"))) {
                    topics.add("lainaamo.dlq." + service + "." + m.group(1));
                }
            }
        }
        assertFalse(topics.isEmpty());
        return topics;
    }

    static Probe probe(Container c, String which) {
        return switch (which) {
            case "startupProbe" -> c.getStartupProbe();
            case "livenessProbe" -> c.getLivenessProbe();
            default -> c.getReadinessProbe();
        };
    }

    static Integer portNumber(Container c, io.fabric8.kubernetes.api.model.IntOrString port) {
        if (port == null) {
            return null;
        }
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return c.getPorts() == null ? null : c.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort).findFirst().orElse(null);
    }
}
