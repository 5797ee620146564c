package fi.lainaamo.devinfra;

import fi.lainaamo.devinfra.distributor.Catalogue;
import fi.lainaamo.devinfra.distributor.DistributorSimulator;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The whole of Lainaamo on one machine without Docker: a real PostgreSQL with one database per service, a real
 * Kafka broker in a JVM of its own, a real SMTP server for patron-service's e-mail notices (GreenMail, in this JVM, with
 * IMAP to read them), and the four packaged services as child processes wired to them. Used by the
 * local-stack command (with demo data and kept data, see {@link #main}), by the system tests and by the bench (on
 * free ports with throwaway data). The children end with this JVM, even when it is killed; the fault controls
 * ({@link #killService}, {@link #killKafka}, {@link #stopPostgres}, ...) let a test break one part and mend it.
 */
public final class LocalStack implements AutoCloseable {

    /**
     * The services, their databases, default ports and default management ports (metrics, full health).
     * report-service takes 8086/9086: 8085 is the distributor simulator's.
     */
    public enum Service {
        PATRON("patron-service", "patron", 8081, 9081),
        CATALOG("catalog-service", "catalog", 8082, 9082),
        LICENSE("license-service", "license", 8083, 9083),
        LOAN("loan-service", "loan", 8084, 9084),
        REPORT("report-service", "report", 8086, 9086);

        public final String module;
        public final String database;
        public final int defaultPort;
        public final int defaultManagementPort;

        Service(String module, String database, int defaultPort, int defaultManagementPort) {
            this.module = module;
            this.database = database;
            this.defaultPort = defaultPort;
            this.defaultManagementPort = defaultManagementPort;
        }
    }

    /** What becomes of the data folder ({@code <workDir>/data}: PostgreSQL's data and Kafka's log). */
    public enum Data {
        /** Kept from the last start and after this one: the local-stack command. */
        KEPT,
        /** Emptied before the start, kept afterwards: {@code ./run-local.sh --fresh}. */
        FRESH,
        /** Emptied before the start and removed at close: system tests and the bench. */
        THROWAWAY
    }

    /**
     * How a stack starts.
     *
     * @param fixedPorts true for the well-known ports (PostgreSQL 15432, Kafka 19092 and its controller 19093,
     *                   services 8081–8084 and 8086 and their management ports 9081–9084 and 9086, SMTP 3025 and IMAP 3143), checked to
     *                   be free first; false for free ones
     * @param data       whether PostgreSQL's data and Kafka's log are kept across starts
     * @param settings   extra environment settings per service (system tests shorten time windows this way)
     * @param instances  how many instances of each service run (1: one process on the service's port; more: a
     *                   {@link RoundRobin} on the service's port in front of instances on ports of their own, with
     *                   fixed ports the service's port + 100 × n, e.g. 8181 and 8281 for patron-service)
     * @param startupCaches with a JDK 25 or later on the machine ({@link AotCache}): the services and the web app run on
     *                   it with an AOT cache each, made at the start when a build is newer than its cache (the
     *                   bench, and the local-stack command with --startup-caches); false: on this JVM with their AppCDS
     *                   archives (the tests, the local-stack command by default)
     */
    public record Options(boolean fixedPorts, Data data, Map<Service, Map<String, String>> settings, int instances,
                          boolean startupCaches) {
        public Options {
            if (instances < 1 || instances > 9) {
                throw new IllegalArgumentException("instances must be 1 to 9, not " + instances);
            }
        }

        public Options(boolean fixedPorts, Data data, Map<Service, Map<String, String>> settings, int instances) {
            this(fixedPorts, data, settings, instances, false);
        }

        public Options(boolean fixedPorts, Data data, Map<Service, Map<String, String>> settings) {
            this(fixedPorts, data, settings, 1);
        }
    }

    /** One running copy of a service: its own port and management port, and its JVM once launched. */
    private static final class Instance {
        final int port;
        final int managementPort;
        ChildJvm jvm;

        Instance(int port, int managementPort) {
            this.port = port;
            this.managementPort = managementPort;
        }

        boolean isAlive() {
            return jvm != null && jvm.isAlive();
        }
    }

    /** The stack cannot start because another one (or something else) holds its work dir or one of its ports. */
    public static final class AlreadyRunning extends IllegalStateException {
        AlreadyRunning(String message) {
            super(message);
        }
    }

    public static final int POSTGRES_PORT = 15432;
    public static final int KAFKA_PORT = 19092;
    /** Fixed as well: a kept Kafka log names its controller by this port. */
    public static final int KAFKA_CONTROLLER_PORT = 19093;
    /** The patron web app (module web) with fixed ports; it has no database of its own. */
    public static final int WEB_PORT = 8080;
    /** The web app's management port (its health report, the Kubernetes probes) with fixed ports. */
    public static final int WEB_MANAGEMENT_PORT = 9080;
    private static final String WEB_MODULE = "web";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    /** How often a starting service is asked whether it is ready: start-up times are measured to about this. */
    private static final Duration READY_POLL = Duration.ofMillis(100);
    /** A training run writes its AOT configuration as it exits, after an orderly shutdown of up to ~15 s here. */
    private static final Duration TRAINING_STOP_GRACE = Duration.ofSeconds(60);
    /**
     * The services' JVM options, space-separated, instead of {@link #DEFAULT_SERVICE_JVM_OPTIONS}: to compare start-up
     * and memory settings (heap size, GC, class-data sharing) without a rebuild.
     */
    public static final String SERVICE_JVM_OPTS_ENV = "LAINAAMO_SERVICE_JVM_OPTS";
    /**
     * Measured with {@code ./bench.sh --only=alone} (BENCHMARKS.md, issue 14): a heap that starts small, a smaller code
     * cache, thread stacks and metaspace cap take a service's idle RSS from about 340 to 250 MB without slowing its
     * start; with {@code MALLOC_ARENA_MAX=2} (set for the services below). The heap may still grow to 384 MB: at 256 MB
     * loan-service's old generation filled under 8 borrowing clients and it spent its time collecting. Every 5 s the
     * JVM gives glibc's freed native memory back to the system ({@code TrimNativeHeapInterval}, Java 17.0.9 and later):
     * the JIT's and the threads' freed memory otherwise stays resident, 25–43 MB per service after load.
     */
    public static final List<String> DEFAULT_SERVICE_JVM_OPTIONS = List.of("-Xms16m", "-Xmx384m", "-XX:+UseSerialGC",
            "-XX:ReservedCodeCacheSize=64m", "-Xss512k", "-XX:MaxMetaspaceSize=256m", "-XX:TrimNativeHeapInterval=5000");

    private final Path repoRoot;
    private final Path workDir;
    private final Path logDir;
    private final Options options;
    private final PrintStream out;
    private final LauncherLock lock;
    private Postgres postgres;
    private Process postgresWatchdog;
    private KafkaProcess kafka;
    /** A distributor speaking ODL 1.0, in this JVM: its feed is imported as demo data, its titles are checked out there. */
    private DistributorSimulator distributor;
    /** Where patron-service sends its e-mail notices; what it received can be read over IMAP. */
    private MailServer mail;
    /** The OpenID Connect provider (strong identification) patron-service and the web app are configured with. */
    private IdentityProviderSimulator identity;
    /** Each service's instances (one, unless {@link Options#instances} says more). */
    private final Map<Service, List<Instance>> services = new EnumMap<>(Service.class);
    /** With more than one instance: the round-robin on each service's own port. */
    private final Map<Service, RoundRobin> fronts = new EnumMap<>(Service.class);
    /** The web app, once {@link #startWeb} launched it. */
    private ChildJvm web;
    private int webPort;
    private final Map<Service, Integer> ports = new EnumMap<>(Service.class);
    private final Map<Service, Integer> managementPorts = new EnumMap<>(Service.class);
    private final Map<Service, Duration> readyAfter = new EnumMap<>(Service.class);
    private volatile boolean closing;
    private boolean dataPrepared;
    /** The java executable that makes and uses the AOT caches; null when the stack makes none. */
    private Path aotJava;

    private LocalStack(Path repoRoot, Path workDir, Options options, PrintStream out, LauncherLock lock) {
        this.repoRoot = repoRoot;
        this.workDir = workDir;
        this.logDir = workDir.resolve("logs");
        this.options = options;
        this.out = out;
        this.lock = lock;
    }

    /**
     * Starts everything with throwaway data and waits until every service is ready.
     *
     * @param repoRoot   where the services' {@code target/quarkus-app} builds are
     * @param workDir    logs and data go here
     * @param fixedPorts true for the well-known ports, false for free ones
     */
    public static LocalStack start(Path repoRoot, Path workDir, boolean fixedPorts, PrintStream out) throws Exception {
        return start(repoRoot, workDir, fixedPorts, Map.of(), out);
    }

    /** As above, with extra environment settings per service (system tests shorten time windows this way). */
    public static LocalStack start(Path repoRoot, Path workDir, boolean fixedPorts, Map<Service, Map<String, String>> settings,
                                   PrintStream out) throws Exception {
        return start(repoRoot, workDir, new Options(fixedPorts, Data.THROWAWAY, settings), out);
    }

    /**
     * Starts everything and waits until every service is ready. Throws {@link AlreadyRunning}, having touched
     * nothing, when another launcher uses the work dir or, with fixed ports, when one of them is taken.
     */
    public static LocalStack start(Path repoRoot, Path workDir, Options options, PrintStream out) throws Exception {
        LocalStack stack = new LocalStack(repoRoot, workDir, options, out, claim(workDir, options.fixedPorts(), options.instances()));
        try {
            stack.startAll();
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    /**
     * Takes the work dir's launcher lock and, with fixed ports, checks they are free; throws {@link AlreadyRunning}
     * otherwise. A PostgreSQL still running on the work dir's data was left by a killed launcher (we hold the
     * lock): it is stopped first, so it is neither in the way nor taken for the new one.
     */
    private static LauncherLock claim(Path workDir, boolean fixedPorts, int instances) throws IOException {
        Files.createDirectories(workDir);
        StringBuilder holder = new StringBuilder();
        LauncherLock lock = LauncherLock.tryAcquire(workDir, holder).orElseThrow(() -> new AlreadyRunning(
                "Another local stack is running from " + workDir + " (launcher pid " + holder + "). Stop it with Ctrl-C "
                        + "in its terminal, or with: kill " + holder));
        try {
            Postgres.stopLeftOver(workDir.resolve("data/postgres"));
            if (fixedPorts) {
                checkPortsFree(instances);
            }
            return lock;
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        Path data = dataDir();
        if (options.data() != Data.KEPT) {
            KafkaBroker.deleteQuietly(data);
        }
        dataPrepared = true;
        KafkaBroker.deleteQuietly(workDir.resolve("kafka")); // the broker's log before it moved into data/
        Files.createDirectories(logDir);
        for (Service service : Service.values()) {
            ports.put(service, options.fixedPorts() ? service.defaultPort : Ports.free());
            List<Instance> instances = new ArrayList<>();
            for (int n = 0; n < options.instances(); n++) {
                Files.deleteIfExists(log(instanceName(service, n)));
                if (options.instances() == 1) {
                    instances.add(new Instance(ports.get(service), options.fixedPorts() ? service.defaultManagementPort : Ports.free()));
                } else {
                    instances.add(new Instance(options.fixedPorts() ? service.defaultPort + 100 * (n + 1) : Ports.free(),
                            options.fixedPorts() ? service.defaultManagementPort + 100 * (n + 1) : Ports.free()));
                }
            }
            services.put(service, instances);
            managementPorts.put(service, instances.get(0).managementPort);
        }
        Files.deleteIfExists(log("kafka"));
        Files.deleteIfExists(servicePids());
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "lainaamo-local-stack-stop"));

        out.println("Starting PostgreSQL and Kafka (data in " + data + ") ...");
        postgres = Postgres.start(options.fixedPorts() ? POSTGRES_PORT : 0, data.resolve("postgres"));
        // should this JVM be killed, the services stop at once; the broker and the database wait for them
        postgresWatchdog = postgres.stopWhenThisJvmEnds(servicePids());
        kafka = KafkaProcess.start(options.fixedPorts() ? KAFKA_PORT : Ports.free(),
                options.fixedPorts() ? KAFKA_CONTROLLER_PORT : Ports.free(), data.resolve("kafka"), log("kafka"),
                this::unexpectedExit, servicePids());
        for (Service service : Service.values()) {
            postgres.database(service.database);
        }
        mail = MailServer.start(options.fixedPorts() ? MailServer.DEFAULT_SMTP_PORT : 0,
                options.fixedPorts() ? MailServer.DEFAULT_IMAP_PORT : 0);
        distributor = DistributorSimulator.start(
                options.fixedPorts() ? DistributorSimulator.DEFAULT_PORT : 0,
                Catalogue.demo());
        identity = IdentityProviderSimulator.start(options.fixedPorts() ? IdentityProviderSimulator.DEFAULT_PORT : 0);
        if (options.instances() > 1) {
            for (Service service : Service.values()) {
                fronts.put(service, RoundRobin.start(service.module, ports.get(service),
                        services.get(service).stream().map(i -> i.port).toList()));
            }
        }
        if (options.startupCaches() && !AotCache.sharingChosen(serviceJvmOptions())) {
            aotJava = AotCache.jdk().orElse(null);
        }
        prepareStartupCaches();
        Instant launchedAt = Instant.now();
        for (Service service : Service.values()) {
            for (int n = 0; n < options.instances(); n++) {
                launch(service, n);
            }
        }
        out.println("Waiting for the services to be ready ...");
        for (Service service : Service.values()) {
            awaitReady(service, launchedAt);
            readyAfter.put(service, Duration.between(launchedAt, Instant.now()));
        }
    }

    private static void checkPortsFree(int instances) {
        Map<Integer, String> wanted = new LinkedHashMap<>();
        wanted.put(POSTGRES_PORT, "PostgreSQL");
        wanted.put(KAFKA_PORT, "Kafka");
        wanted.put(KAFKA_CONTROLLER_PORT, "Kafka's controller");
        wanted.put(DistributorSimulator.DEFAULT_PORT, "the distributor simulator");
        wanted.put(IdentityProviderSimulator.DEFAULT_PORT, "the identity provider simulator");
        wanted.put(MailServer.DEFAULT_SMTP_PORT, "the SMTP server");
        wanted.put(MailServer.DEFAULT_IMAP_PORT, "the SMTP server's IMAP");
        for (Service service : Service.values()) {
            wanted.put(service.defaultPort, service.module);
            wanted.put(service.defaultManagementPort, service.module + "'s management interface");
            for (int n = 1; instances > 1 && n <= instances; n++) {
                wanted.put(service.defaultPort + 100 * n, service.module + " instance " + n);
                wanted.put(service.defaultManagementPort + 100 * n, service.module + " instance " + n + "'s management interface");
            }
        }
        wanted.put(WEB_PORT, "the web app");
        wanted.put(WEB_MANAGEMENT_PORT, "the web app's management interface");
        wanted.forEach((port, what) -> {
            // SO_REUSEADDR: a socket of a stack that just stopped, waiting out TIME_WAIT, is no obstacle
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(port));
            } catch (IOException taken) {
                throw new AlreadyRunning("Port " + port + " (" + what + ") is already taken. Is another local stack "
                        + "running? Stop it with Ctrl-C in its terminal, or find the process with: ss -ltnp 'sport = :" + port + "'");
            }
        });
    }

    private Path log(String name) {
        return logDir.resolve(name + ".log");
    }

    private void unexpectedExit(String what) {
        if (!closing) {
            out.println(what + ". Nothing starts it again by itself: restart the stack.");
        }
    }

    /** "loan-service" for the first instance (and the only one, usually), "loan-service-2" for the second... */
    private static String instanceName(Service service, int n) {
        return n == 0 ? service.module : service.module + "-" + (n + 1);
    }

    private void launch(Service service, int n) throws IOException {
        launch(service, n, false);
    }

    /** Launches instance {@code n} of a service; {@code training}: on the AOT JDK in record mode ({@link AotCache}). */
    private void launch(Service service, int n, boolean training) throws IOException {
        Path jar = jarOf(service.module);
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build first with ./mvnw install -DskipTests");
        }
        Launch launch = launchOf(jar, training);
        Instance instance = services.get(service).get(n);
        instance.jvm = ChildJvm.start(instanceName(service, n), launch.java(), launch.arguments(), environment(service, instance),
                log(instanceName(service, n)), this::unexpectedExit, null, jar.getParent());
        writeServicePids();
    }

    /** A module's packaged application, as the build leaves it. */
    private Path jarOf(String module) {
        return repoRoot.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** Which java starts a packaged application (a service or the web app), with which arguments. */
    private record Launch(Path java, List<String> arguments) {
    }

    /**
     * A packaged application starts in its {@code target/quarkus-app} directory (the archives name the jar as
     * {@code quarkus-run.jar} there): with its AOT cache on the AOT JDK when the cache is fresh, in record mode there
     * when {@code training}, else on this JVM with the AppCDS archive the build made (run-local.sh, bench.sh), unless
     * the JVM options say how to share classes themselves ({@code -Xshare:auto} compares without it).
     */
    private Launch launchOf(Path jar, boolean training) throws IOException {
        List<String> arguments = new ArrayList<>(serviceJvmOptions());
        Path java = Path.of(ChildJvm.javaExecutable());
        AotCache cache = aotCache(jar);
        if (cache != null && training) {
            java = cache.java();
            arguments.addAll(cache.recordOptions());
        } else if (cache != null && cache.fresh()) {
            java = cache.java();
            arguments.addAll(cache.useOptions());
        } else {
            Path classArchive = jar.resolveSibling("app-cds.jsa");
            if (Files.exists(classArchive) && !AotCache.sharingChosen(arguments)) {
                arguments.add("-XX:SharedArchiveFile=" + classArchive);
            }
        }
        arguments.addAll(List.of("-jar", jar.getFileName().toString()));
        return new Launch(java, arguments);
    }

    /** The AOT cache of the application whose jar this is; null when the stack makes none. */
    private AotCache aotCache(Path jar) {
        return aotJava == null ? null : new AotCache(jar.getParent(), aotJava, serviceJvmOptions());
    }

    /**
     * With {@link Options#startupCaches}: each application whose AOT cache is missing or older than its build starts
     * once in record mode, all side by side, until ready; they stop, and their caches are assembled. Launched again
     * afterwards, they start with them. A training that fails leaves that application on this JVM and its AppCDS
     * archive, with the reason printed.
     */
    private void prepareStartupCaches() throws Exception {
        if (aotJava == null) {
            return;
        }
        Map<String, Path> stale = new LinkedHashMap<>();
        for (Service service : Service.values()) {
            stale.put(service.module, jarOf(service.module));
        }
        stale.put(WEB_MODULE, jarOf(WEB_MODULE));
        stale.values().removeIf(jar -> !Files.exists(jar) || aotCache(jar).fresh());
        if (stale.isEmpty()) {
            return;
        }
        out.println("Making start-up caches (JDK " + AotCache.versionOf(aotJava) + " AOT, once after each build) for "
                + String.join(", ", stale.keySet()) + ": each starts once, stops and is started again ...");
        Instant began = Instant.now();
        Map<String, ChildJvm> training = new LinkedHashMap<>();
        Map<String, String> urls = new LinkedHashMap<>();
        for (Service service : Service.values()) {
            if (stale.containsKey(service.module)) {
                launch(service, 0, true);
                training.put(service.module, services.get(service).get(0).jvm);
                urls.put(service.module, "http://localhost:" + services.get(service).get(0).port);
            }
        }
        if (stale.containsKey(WEB_MODULE)) {
            training.put(WEB_MODULE, launchWeb(stale.get(WEB_MODULE), Map.of(), true));
            urls.put(WEB_MODULE, webUrl());
        }
        Map<String, String> failed = new LinkedHashMap<>();
        training.forEach((module, jvm) -> {
            try {
                awaitReady(module, urls.get(module), jvm, began);
            } catch (Exception e) {
                failed.put(module, e.getMessage());
            }
        });
        // the record-mode JVMs write their configuration as they exit: an orderly stop, however long it takes
        List<Thread> stops = training.values().stream().map(jvm -> new Thread(() -> jvm.stop(TRAINING_STOP_GRACE))).toList();
        stops.forEach(Thread::start);
        for (Thread stop : stops) {
            stop.join();
        }
        services.values().forEach(list -> list.forEach(i -> i.jvm = null));
        writeServicePids();
        Path log = logDir.resolve("startup-caches.log");
        Map<String, Process> creating = new LinkedHashMap<>();
        for (String module : training.keySet()) {
            if (!failed.containsKey(module)) {
                try {
                    creating.put(module, aotCache(stale.get(module)).create(log));
                } catch (IOException e) {
                    failed.put(module, e.getMessage());
                }
            }
        }
        for (Map.Entry<String, Process> c : creating.entrySet()) {
            c.getValue().waitFor();
            if (!aotCache(stale.get(c.getKey())).finish(c.getValue())) {
                failed.put(c.getKey(), "assembling the cache failed; see " + log);
            }
        }
        out.printf("Start-up caches made in %.0f s%s%n", Duration.between(began, Instant.now()).toMillis() / 1000.0,
                failed.isEmpty() ? "" : "; without one (on this JVM with AppCDS): " + failed.entrySet().stream()
                        .map(f -> f.getKey() + " (" + f.getValue() + ")").collect(Collectors.joining(", ")));
    }

    /**
     * Which JVM the services and the web app run on, for reports: the AOT JDK with a cache each, or this JVM with
     * the AppCDS archives (an application whose cache could not be made runs on this JVM; the stack said which).
     */
    public String javaDescription() {
        return aotJava == null
                ? "Java " + Runtime.version().feature() + " (" + ChildJvm.javaExecutable() + ") with AppCDS archives"
                : "Java " + AotCache.versionOf(aotJava) + " (" + aotJava + ") with an AOT cache each";
    }

    /** The JVM options every service starts with: {@value #SERVICE_JVM_OPTS_ENV} when set, else the defaults. */
    public static List<String> serviceJvmOptions() {
        String set = System.getenv(SERVICE_JVM_OPTS_ENV);
        if (set == null || set.isBlank()) {
            return DEFAULT_SERVICE_JVM_OPTIONS;
        }
        return List.of(set.trim().split("\\s+"));
    }

    /** The running services' pids, for the watchdogs of the broker and the database to wait for. */
    private Path servicePids() {
        return workDir.resolve("services.pids");
    }

    private void writeServicePids() throws IOException {
        StringBuilder pids = new StringBuilder();
        services.values().forEach(list -> list.stream().filter(i -> i.jvm != null)
                .forEach(i -> pids.append(i.jvm.pid()).append('\n')));
        if (web != null) {
            pids.append(web.pid()).append('\n');
        }
        Path next = workDir.resolve("services.pids.next");
        Files.writeString(next, pids);
        Files.move(next, servicePids(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The settings an instance of a service needs to find the database, the broker and its peers (through their fronts). */
    private Map<String, String> environment(Service service, Instance instance) {
        Map<String, String> env = new HashMap<>();
        // glibc gives each thread that allocates its own malloc arena; two are enough for a JVM and save ~50 MB of RSS
        env.putIfAbsent("MALLOC_ARENA_MAX", System.getenv().getOrDefault("MALLOC_ARENA_MAX", "2"));
        env.put("PORT", String.valueOf(instance.port));
        env.put("MANAGEMENT_PORT", String.valueOf(instance.managementPort));
        env.put("LAINAAMO_DB_URL", postgres.jdbcUrl(service.database));
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
        env.put("LAINAAMO_CATALOG_URL", url(Service.CATALOG));
        env.put("LAINAAMO_LICENSE_PUBLIC_URL", url(Service.LICENSE));
        env.put("LAINAAMO_PATRON_PUBLIC_URL", url(Service.PATRON));
        // the distributor simulator runs on this host: its port (8085 with fixed ports), and no other, is allowed
        // (host:port entries; a bare host would mean port 443 or 80, never the services' own ports)
        int simulator = distributor.port();
        env.put("LAINAAMO_DISTRIBUTOR_HOSTS", "localhost:" + simulator + ",127.0.0.1:" + simulator);
        if (service == Service.PATRON) {
            // e-mail notices go to the stack's own SMTP server, over plain SMTP on the loopback
            env.put("LAINAAMO_SMTP_HOST", "127.0.0.1");
            env.put("LAINAAMO_SMTP_PORT", String.valueOf(mail.smtpPort()));
            env.put("LAINAAMO_SMTP_START_TLS", "DISABLED");
            // strong identification at the stack's identity provider simulator
            env.put("LAINAAMO_OIDC_ENABLED", "true");
            env.put("LAINAAMO_OIDC_URL", identity.url());
            env.put("LAINAAMO_OIDC_CLIENT_ID", IdentityProviderSimulator.CLIENT_ID);
            env.put("LAINAAMO_OIDC_MUNICIPALITY_CLAIM", IdentityProviderSimulator.MUNICIPALITY_CLAIM);
        }
        env.putAll(options.settings().getOrDefault(service, Map.of()));
        return env;
    }

    private void awaitReady(Service service, Instant launchedAt) throws Exception {
        for (Instance instance : services.get(service)) {
            if (instance.jvm != null) {
                awaitReady(service.module, "http://localhost:" + instance.port, instance.jvm, launchedAt);
            }
        }
    }

    private void awaitReady(String module, String url, ChildJvm jvm, Instant launchedAt) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant end = launchedAt.plus(READY_TIMEOUT);
        while (Instant.now().isBefore(end)) {
            if (!jvm.isAlive()) {
                throw new IllegalStateException(jvm.exitDescription());
            }
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(url + "/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            jvm.waitFor(READY_POLL); // returns at once if it dies
        }
        throw new IllegalStateException(module + " was not ready within " + READY_TIMEOUT + "; its log: " + jvm.log());
    }

    /**
     * Starts the patron web app (module {@code web}, from its {@code target/quarkus-app}) against this stack's services
     * and waits until it answers {@code /ready}; returns its URL. On port {@value #WEB_PORT} with fixed ports. Its
     * cookies are not marked Secure, since the stack serves plain http on localhost.
     */
    public synchronized String startWeb() throws Exception {
        return startWeb(Map.of());
    }

    /** As above, with extra environment settings for the web app (system tests make it refresh tokens early this way). */
    public synchronized String startWeb(Map<String, String> settings) throws Exception {
        if (web != null && web.isAlive()) {
            return webUrl();
        }
        Path jar = jarOf(WEB_MODULE);
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build first with ./mvnw install -DskipTests");
        }
        Files.deleteIfExists(log(WEB_MODULE));
        Instant launchedAt = Instant.now();
        web = launchWeb(jar, settings, false);
        writeServicePids();
        awaitReady(WEB_MODULE, webUrl(), web, launchedAt);
        return webUrl();
    }

    /** Launches the web app from {@code jar}; {@code training}: on the AOT JDK in record mode ({@link AotCache}). */
    private ChildJvm launchWeb(Path jar, Map<String, String> settings, boolean training) throws IOException {
        Map<String, String> env = webEnvironment(settings);
        Launch launch = launchOf(jar, training);
        return ChildJvm.start(WEB_MODULE, launch.java(), launch.arguments(), env, log(WEB_MODULE), this::unexpectedExit, null,
                jar.getParent());
    }

    /** The web app's settings: the services' URLs, the identity provider, {@code settings} last. Picks its port first. */
    private Map<String, String> webEnvironment(Map<String, String> settings) {
        if (webPort == 0) {
            webPort = options.fixedPorts() ? WEB_PORT : Ports.free();
        }
        Map<String, String> env = new HashMap<>();
        env.put("MALLOC_ARENA_MAX", System.getenv().getOrDefault("MALLOC_ARENA_MAX", "2"));
        env.put("PORT", String.valueOf(webPort));
        env.put("MANAGEMENT_PORT", String.valueOf(options.fixedPorts() ? WEB_MANAGEMENT_PORT : Ports.free()));
        env.put("LAINAAMO_PATRON_URL", url(Service.PATRON));
        env.put("LAINAAMO_CATALOG_URL", url(Service.CATALOG));
        env.put("LAINAAMO_LICENSE_URL", url(Service.LICENSE));
        env.put("LAINAAMO_LOAN_URL", url(Service.LOAN));
        if (ports.containsKey(Service.REPORT)) {
            env.put("LAINAAMO_REPORT_URL", url(Service.REPORT)); // the staff console's reports page
        }
        env.put("LAINAAMO_WEB_SECURE_COOKIES", "false");
        env.put("LAINAAMO_WEB_OIDC_URL", identity.url());
        env.put("LAINAAMO_WEB_OIDC_CLIENT_ID", IdentityProviderSimulator.CLIENT_ID);
        env.put("LAINAAMO_WEB_OIDC_CLIENT_SECRET", IdentityProviderSimulator.CLIENT_SECRET);
        env.putAll(settings);
        return env;
    }

    /** The web app's URL (after {@link #startWeb}). */
    public String webUrl() {
        return "http://localhost:" + webPort;
    }

    // --- fault controls, for tests that break one part and watch the rest cope ---

    /** SIGKILL the service's JVMs (every instance), as a crash or the OOM killer would; returns once they are gone. */
    public synchronized void killService(Service service) {
        services.get(service).stream().filter(Instance::isAlive).forEach(i -> i.jvm.kill());
    }

    /** SIGKILL one instance of the service (0 = the first); returns once it is gone. The others go on serving. */
    public synchronized void killInstance(Service service, int n) {
        services.get(service).get(n).jvm.kill();
    }

    /** SIGTERM the service's JVMs (an orderly shutdown, as in a rolling deploy); returns once they are gone. */
    public synchronized void stopService(Service service) {
        services.get(service).stream().filter(Instance::isAlive).forEach(i -> i.jvm.stop());
    }

    /** SIGTERM the services' JVMs side by side (as {@link #stopService} does one); returns once all are gone. */
    public synchronized void stopServices(Collection<Service> toStop) {
        List<Thread> stopping = new ArrayList<>();
        for (Service service : toStop) {
            for (Instance instance : services.getOrDefault(service, List.of())) {
                if (instance.jvm == null) {
                    continue;
                }
                Thread stop = new Thread(instance.jvm::stop, "stop-" + instance.jvm.name());
                stop.start();
                stopping.add(stop);
            }
        }
        for (Thread stop : stopping) {
            try {
                stop.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Starts a killed or stopped service again, same port and settings; returns the time until it answered ready. */
    public synchronized Duration startService(Service service) throws Exception {
        return startServices(List.of(service)).get(service);
    }

    /**
     * Starts killed or stopped services again side by side (each instance that is not running), same ports and
     * settings; returns for each the time from launching them until it answered ready.
     */
    public synchronized Map<Service, Duration> startServices(Collection<Service> toStart) throws Exception {
        for (Service service : toStart) {
            if (services.get(service).stream().allMatch(Instance::isAlive)) {
                throw new IllegalStateException(service.module + " is still running (pid " + pid(service) + ")");
            }
        }
        Instant begin = Instant.now();
        for (Service service : toStart) {
            List<Instance> instances = services.get(service);
            for (int n = 0; n < instances.size(); n++) {
                if (!instances.get(n).isAlive()) {
                    launch(service, n);
                }
            }
        }
        Map<Service, Duration> ready = new EnumMap<>(Service.class);
        for (Service service : toStart) {
            awaitReady(service, begin);
            ready.put(service, Duration.between(begin, Instant.now()));
        }
        return ready;
    }

    /** Whether a JVM of the service is running (it may still be starting). */
    public synchronized boolean isRunning(Service service) {
        return services.get(service).stream().anyMatch(Instance::isAlive);
    }

    /** How many instances of each service the stack runs. */
    public int instances() {
        return options.instances();
    }

    /** SIGKILL the Kafka broker's JVM; what it had not written to its log files is lost. */
    public synchronized void killKafka() {
        kafka.kill();
    }

    /** Starts the broker again on the same ports and log dir; returns the time until it answered a metadata request. */
    public synchronized Duration startKafka() throws Exception {
        return kafka.startAgain();
    }

    /** SIGSTOP the broker: it keeps its sockets open and answers nothing, like a long pause or a hung host. */
    public synchronized void freezeKafka() {
        kafka.freeze();
    }

    /** SIGCONT the broker after {@link #freezeKafka()}. */
    public synchronized void thawKafka() {
        kafka.thaw();
    }

    /** Stops PostgreSQL (fast shutdown: the services' connections are cut); returns how long it took. */
    public synchronized Duration stopPostgres() throws IOException {
        return postgres.stop();
    }

    /** Starts PostgreSQL again on the same port and data dir; returns the time until it accepted connections. */
    public synchronized Duration startPostgres() throws IOException {
        return postgres.startAgain();
    }

    // --- where things are ---

    /** The SMTP server patron-service sends e-mail notices to; read them with {@link MailServer#messagesTo}. */
    public MailServer mail() {
        return mail;
    }

    /** The distributor simulator the stack checks its ODL titles out at. */
    public DistributorSimulator distributor() {
        return distributor;
    }

    /** The OpenID Connect provider simulator (strong identification with made-up test persons). */
    public IdentityProviderSimulator identity() {
        return identity;
    }

    /** The service's URL: with several instances, the round-robin in front of them. */
    public String url(Service service) {
        return "http://localhost:" + ports.get(service);
    }

    /** One instance's own URL (0 = the first), for tests that must choose the instance a request lands on. */
    public String url(Service service, int n) {
        return "http://localhost:" + services.get(service).get(n).port;
    }

    /** One instance's management interface. */
    public String managementUrl(Service service, int n) {
        return "http://localhost:" + services.get(service).get(n).managementPort;
    }

    /** The (first instance of the) service's management interface: {@code /q/health} (with each check's details) and {@code /q/metrics}. */
    public String managementUrl(Service service) {
        return "http://localhost:" + managementPorts.get(service);
    }

    /** Time from launching the four processes until this one answered ready (they start side by side). */
    public Duration readyAfter(Service service) {
        return readyAfter.get(service);
    }

    /** The operating-system process id of a service's (first instance's) JVM, for resource measurements and signals. */
    public synchronized long pid(Service service) {
        return pid(service, 0);
    }

    /** The operating-system process id of one instance's JVM. */
    public synchronized long pid(Service service, int n) {
        return services.get(service).get(n).jvm.pid();
    }

    /** The operating-system process id of the Kafka broker's JVM. */
    public synchronized long kafkaPid() {
        return kafka.pid();
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

    /** Where PostgreSQL's data and Kafka's log are. */
    public Path dataDir() {
        return workDir.resolve("data");
    }

    /**
     * Stops the services (SIGTERM, side by side), then the broker, then PostgreSQL; removes throwaway data. Also
     * run by the shutdown hook on Ctrl-C; kept data stays.
     */
    @Override
    public synchronized void close() {
        if (closing) {
            return;
        }
        closing = true;
        if (web != null) {
            web.stop();
        }
        List<Thread> stopping = new ArrayList<>();
        for (List<Instance> instances : services.values()) {
            for (Instance instance : instances) {
                if (instance.jvm == null) {
                    continue;
                }
                Thread stop = new Thread(instance.jvm::stop, "stop-" + instance.jvm.name());
                stop.start();
                stopping.add(stop);
            }
        }
        for (Thread stop : stopping) {
            try {
                stop.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        fronts.values().forEach(RoundRobin::close);
        if (kafka != null) {
            kafka.stop();
        }
        if (distributor != null) {
            distributor.close();
        }
        if (identity != null) {
            identity.close();
        }
        if (mail != null) {
            mail.close();
        }
        try {
            if (postgres != null) {
                postgres.close();
            }
        } catch (IOException | RuntimeException e) {
            out.println("Could not stop PostgreSQL: " + e);
        }
        if (postgresWatchdog != null) {
            try {
                postgresWatchdog.getOutputStream().close(); // it finds no server left to stop, and ends
            } catch (IOException ignored) {
                // already gone
            }
        }
        try {
            if (options.data() == Data.THROWAWAY && dataPrepared) {
                KafkaBroker.deleteQuietly(dataDir());
            }
            lock.close();
        } catch (IOException e) {
            out.println("Could not clean up " + workDir + ": " + e);
        }
    }

    /** The local-stack command: everything on the well-known ports, with demo data, until Ctrl-C. {@code --fresh}: empty data. */
    public static void main(String[] args) throws Exception {
        Path repoRoot = Path.of(".");
        Data data = Data.KEPT;
        boolean checkOnly = false;
        boolean startupCaches = false;
        int instances = 1;
        for (String arg : args) {
            if (arg.startsWith("--instances=")) {
                instances = Integer.parseInt(arg.substring("--instances=".length()));
            } else if (arg.equals("--fresh")) {
                data = Data.FRESH;
            } else if (arg.equals("--startup-caches")) {
                startupCaches = true;
            } else if (arg.equals("--check")) {
                checkOnly = true; // run-local.sh asks before it rebuilds the jars a running stack runs from
            } else if (arg.startsWith("-")) {
                System.err.println("Unknown option " + arg + ". Usage: ./run-local.sh [--fresh] [--instances=N] [--startup-caches]   (--fresh: "
                        + "start with empty data; --instances=N: N instances of each service behind a round-robin on its port; "
                        + "--startup-caches: the services on a JDK 25 with AOT caches, made after the build, about a minute more)");
                System.exit(2);
            } else {
                repoRoot = Path.of(arg);
            }
        }
        repoRoot = repoRoot.toAbsolutePath().normalize();
        Path workDir = repoRoot.resolve("target/local-stack");
        LocalStack stack;
        try {
            if (checkOnly) {
                claim(workDir, true, instances).close();
                return;
            }
            stack = start(repoRoot, workDir, new Options(true, data, Map.of(), instances, startupCaches), System.out);
        } catch (AlreadyRunning e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        DemoData.Credentials demo = new DemoData(stack).load(System.out);
        String web = stack.startWeb();
        PrintStream out = System.out;
        out.println();
        out.println("Lainaamo is running. Ctrl-C stops everything; the data stays for the next start (--fresh starts empty).");
        for (Service service : Service.values()) {
            out.printf("  %-16s %s   Swagger UI %s/swagger-ui   ready %s/ready   health %s/q/health   metrics %s/q/metrics%n",
                    service.module, stack.url(service), stack.url(service), stack.url(service), stack.managementUrl(service),
                    stack.managementUrl(service));
        }
        if (stack.instances() > 1) {
            for (Service service : Service.values()) {
                out.printf("  %-16s %d instances behind %s: %s%n", service.module, stack.instances(), stack.url(service),
                        java.util.stream.IntStream.range(0, stack.instances()).mapToObj(n -> stack.url(service, n)
                                + " (management " + stack.managementUrl(service, n) + ", pid " + stack.pid(service, n) + ")")
                                .collect(Collectors.joining(", ")));
            }
        }
        out.printf("  web app          %s   (the patron web app: sign in with the demo card below)   log %s%n", web,
                stack.logDir.resolve(WEB_MODULE + ".log"));
        out.printf("  identification   %s   (strong identification simulator: \"Strong identification\" on the sign-in page, made-up test persons)%n",
                stack.identity().url());
        out.printf("  PostgreSQL       %s (user postgres / postgres)%n", stack.postgres.jdbcUrl("<service>"));
        out.printf("  Kafka            %s%n", stack.kafkaBootstrapServers());
        out.printf("  SMTP             localhost:%d, read over IMAP localhost:%d (user %s / %s; a recipient's own mailbox: "
                        + "login and password are the address), e.g. curl -s imap://localhost:%d/INBOX -u %s:%s%n",
                stack.mail.smtpPort(), stack.mail.imapPort(), MailServer.USER, MailServer.PASSWORD, stack.mail.imapPort(),
                MailServer.USER, MailServer.PASSWORD);
        out.printf("  data             %s%n", stack.dataDir());
        out.printf("  pids             %s, kafka %d, PostgreSQL %s%n", Arrays.stream(Service.values())
                        .map(s -> s.module + " " + stack.pid(s)).collect(Collectors.joining(", ")),
                stack.kafkaPid(), stack.postgres.serverPid().map(String::valueOf).orElse("?"));
        out.printf("  logs             %s%n", stack.logDir);
        out.println();
        out.printf("Demo patron: card %s, PIN %s (Helsinki), e-mail notices to %s (IMAP user %s). Consortium admin: %s / %s%n",
                demo.cardNumber(), demo.pin(), MailServer.USER_ADDRESS, MailServer.USER, demo.adminUser(), demo.adminPassword());
        out.println("Open " + web + " in a browser, or walk through the APIs: see README.md, 'Try it'.");
        Thread.currentThread().join();
    }
}
