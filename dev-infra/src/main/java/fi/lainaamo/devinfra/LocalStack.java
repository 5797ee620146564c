package fi.lainaamo.devinfra;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole of Lainaamo on one machine without Docker: a real PostgreSQL with one database per service, a real
 * Kafka broker, and the four packaged services as child processes wired to them. Used by the local-stack command
 * (with demo data, see {@link #main}) and by the system tests (on free ports).
 */
public final class LocalStack implements AutoCloseable {

    /** The four services, their databases and default ports. */
    public enum Service {
        PATRON("patron-service", "patron", 8081),
        CATALOG("catalog-service", "catalog", 8082),
        LICENSE("license-service", "license", 8083),
        LOAN("loan-service", "loan", 8084);

        public final String module;
        public final String database;
        public final int defaultPort;

        Service(String module, String database, int defaultPort) {
            this.module = module;
            this.database = database;
            this.defaultPort = defaultPort;
        }
    }

    private final Postgres postgres;
    private final KafkaBroker kafka;
    private final Map<Service, Process> processes = new EnumMap<>(Service.class);
    private final Map<Service, Integer> ports = new EnumMap<>(Service.class);
    private final Map<Service, Duration> readyAfter = new EnumMap<>(Service.class);
    private final Map<Service, Map<String, String>> settings = new EnumMap<>(Service.class);
    private Instant launchedAt;
    private final Path logDir;

    private LocalStack(Postgres postgres, KafkaBroker kafka, Path logDir) {
        this.postgres = postgres;
        this.kafka = kafka;
        this.logDir = logDir;
    }

    /**
     * Starts everything and waits until every service is ready.
     *
     * @param repoRoot where the services' {@code target/quarkus-app} builds are
     * @param workDir  logs and broker data go here
     * @param fixedPorts true for the well-known ports (PostgreSQL 15432, Kafka 19092, services 8081–8084), false for free ones
     */
    public static LocalStack start(Path repoRoot, Path workDir, boolean fixedPorts, PrintStream out) throws Exception {
        return start(repoRoot, workDir, fixedPorts, Map.of(), out);
    }

    /** As above, with extra environment settings per service (system tests shorten time windows this way). */
    public static LocalStack start(Path repoRoot, Path workDir, boolean fixedPorts, Map<Service, Map<String, String>> settings,
                                   PrintStream out) throws Exception {
        Files.createDirectories(workDir);
        Path logDir = Files.createDirectories(workDir.resolve("logs"));
        KafkaBroker.deleteQuietly(workDir.resolve("kafka"));
        out.println("Starting PostgreSQL and Kafka ...");
        Postgres postgres = Postgres.start(fixedPorts ? 15432 : 0, null);
        KafkaBroker kafka = KafkaBroker.start(fixedPorts ? 19092 : 0, workDir.resolve("kafka"));
        LocalStack stack = new LocalStack(postgres, kafka, logDir);
        stack.settings.putAll(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "lainaamo-local-stack-stop"));
        for (Service service : Service.values()) {
            stack.ports.put(service, fixedPorts ? service.defaultPort : Ports.free());
        }
        stack.launchedAt = Instant.now();
        for (Service service : Service.values()) {
            stack.launch(repoRoot, service);
        }
        out.println("Waiting for the services to be ready ...");
        for (Service service : Service.values()) {
            stack.awaitReady(service, Duration.ofSeconds(180));
        }
        return stack;
    }

    private void launch(Path repoRoot, Service service) throws IOException {
        Path jar = repoRoot.resolve(service.module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build first with ./mvnw install -DskipTests");
        }
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx384m", "-XX:+UseSerialGC", "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logDir.resolve(service.module + ".log").toFile());
        builder.environment().putAll(environment(service));
        processes.put(service, builder.start());
    }

    /** The settings a service needs to find the database, the broker and its peers. */
    private Map<String, String> environment(Service service) {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", String.valueOf(ports.get(service)));
        env.put("LAINAAMO_DB_URL", postgres.database(service.database));
        env.put("LAINAAMO_DB_USER", Postgres.USER);
        env.put("LAINAAMO_DB_PASSWORD", Postgres.PASSWORD);
        env.put("LAINAAMO_DB_POOL", "20");
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("LAINAAMO_JWKS_URL", url(Service.PATRON) + "/.well-known/jwks.json");
        env.put("LAINAAMO_TOKEN_URL", url(Service.PATRON) + "/v1/oauth/token");
        env.put("LAINAAMO_LICENSE_URL", url(Service.LICENSE));
        env.put("LAINAAMO_LOAN_URL", url(Service.LOAN));
        env.put("LAINAAMO_LOAN_PUBLIC_URL", url(Service.LOAN));
        env.put("LAINAAMO_CATALOG_OPDS_URL", url(Service.CATALOG) + "/opds");
        env.put("LAINAAMO_CONTENT_URL", url(Service.CATALOG) + "/v1/publications/{publicationId}/content");
        env.put("LAINAAMO_PATRON_PUBLIC_URL", url(Service.PATRON));
        env.putAll(settings.getOrDefault(service, Map.of()));
        return env;
    }

    private void awaitReady(Service service, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant end = Instant.now().plus(timeout);
        while (Instant.now().isBefore(end)) {
            Process process = processes.get(service);
            if (!process.isAlive()) {
                throw new IllegalStateException(service.module + " stopped with exit code " + process.exitValue()
                        + "; its log: " + logDir.resolve(service.module + ".log"));
            }
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(url(service) + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    readyAfter.put(service, Duration.between(launchedAt, Instant.now()));
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            process.waitFor(250, java.util.concurrent.TimeUnit.MILLISECONDS); // returns at once if it dies
        }
        throw new IllegalStateException(service.module + " was not ready within " + timeout + "; its log: "
                + logDir.resolve(service.module + ".log"));
    }

    public String url(Service service) {
        return "http://localhost:" + ports.get(service);
    }

    /** Time from launching the four processes until this one answered ready (they start side by side). */
    public Duration readyAfter(Service service) {
        return readyAfter.get(service);
    }

    /** The operating-system process id of a running service, for resource measurements. */
    public long pid(Service service) {
        return processes.get(service).pid();
    }

    public int postgresPort() {
        return postgres.port();
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String jdbcUrl(Service service) {
        return postgres.jdbcUrl(service.database);
    }

    public Path logDir() {
        return logDir;
    }

    @Override
    public synchronized void close() {
        for (Process process : processes.values()) {
            process.destroy();
        }
        for (Process process : processes.values()) {
            try {
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
        try {
            kafka.close();
        } catch (RuntimeException alreadyStopped) {
            // a second close from the shutdown hook
        }
        try {
            postgres.close();
        } catch (IOException | RuntimeException alreadyStopped) {
            // a second close from the shutdown hook
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The local-stack command: everything on the well-known ports, with demo data, until Ctrl-C. */
    public static void main(String[] args) throws Exception {
        Path repoRoot = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Path workDir = repoRoot.resolve("target/local-stack");
        LocalStack stack = start(repoRoot, workDir, true, System.out);
        DemoData.Credentials demo = new DemoData(stack).load(System.out);
        PrintStream out = System.out;
        out.println();
        out.println("Lainaamo is running. Ctrl-C stops everything.");
        for (Service service : Service.values()) {
            out.printf("  %-16s %s   Swagger UI %s/swagger-ui   health %s/q/health%n", service.module, stack.url(service),
                    stack.url(service), stack.url(service));
        }
        out.printf("  PostgreSQL       %s (user postgres / postgres)%n", stack.postgres.jdbcUrl("<service>"));
        out.printf("  Kafka            %s%n", stack.kafkaBootstrapServers());
        out.printf("  logs             %s%n", stack.logDir);
        out.println();
        out.printf("Demo patron: card %s, PIN %s (Helsinki). Consortium admin: %s / %s%n",
                demo.cardNumber(), demo.pin(), demo.adminUser(), demo.adminPassword());
        out.println("Walk-through: see README.md, 'Try it'.");
        Thread.currentThread().join();
    }
}
