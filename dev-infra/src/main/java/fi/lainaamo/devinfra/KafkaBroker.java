package fi.lainaamo.devinfra;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.awaitility.Awaitility.await;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one), run in this JVM, or as a JVM of its
 * own through {@link #main} (see {@link KafkaProcess}). It uses Kafka's server internals, so they stay behind this
 * one class.
 */
public final class KafkaBroker implements AutoCloseable {

    /**
     * The topics Lainaamo's services and tests write, made when the broker starts (the cluster makes them from
     * deploy/k8s/base/kafka-topics.yaml). Left to auto-creation, a topic is made by the first record sent to it, and an
     * idempotent producer that sends while its partitions' leaders are still being chosen can get NOT_LEADER for a
     * batch the broker kept, then OUT_OF_ORDER_SEQUENCE for every retry, for good (a clean-clone CI run: the platform's
     * outbox relay never published its first event).
     */
    static final List<String> TOPICS = List.of("lainaamo.catalog.v1", "lainaamo.licence.v1", "lainaamo.loan.v1",
            "lainaamo.patron.v1", "lainaamo.report.v1", "lainaamo.platform-test.v1");

    private static final int PARTITIONS = 3;

    private final KafkaRaftServer server;
    private final int port;

    private KafkaBroker(KafkaRaftServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts a broker on the given port (0 = any free port), keeping its log in {@code logDir} (a fresh temp dir when null). */
    public static KafkaBroker start(int port, Path logDir) throws Exception {
        return start(port == 0 ? Ports.free() : port, Ports.free(), logDir);
    }

    /**
     * Starts a broker on the given broker and controller ports. A log dir kept from an earlier run is reused as it
     * is; its controller port must then be the same as before, as the controller's quorum is named by it.
     */
    public static KafkaBroker start(int brokerPort, int controllerPort, Path logDir) throws Exception {
        Path dir = logDir != null ? logDir : Files.createTempDirectory("lainaamo-kafka");
        Files.createDirectories(dir);

        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        p.put("listeners", "PLAINTEXT://localhost:" + brokerPort + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dir.toString());
        p.put("num.partitions", String.valueOf(PARTITIONS));
        p.put("auto.create.topics.enable", "true");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.flush.interval.messages", "1000000");
        // records are kept for good: report-service rebuilds its reports from offset 0 (report-service/README.md)
        p.put("log.retention.ms", "-1");

        if (!Files.exists(dir.resolve("meta.properties"))) {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .addDirectory(dir.toString())
                    .setMetadataLogDirectory(dir.toString())
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(p), Time.SYSTEM);
        server.startup();
        KafkaBroker broker = new KafkaBroker(server, brokerPort);
        broker.createTopics(Duration.ofSeconds(60));
        return broker;
    }

    /** Makes {@link #TOPICS} (those there already stay as they are) and waits until each partition has its leader. */
    private void createTopics(Duration timeout) throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            List<NewTopic> wanted = TOPICS.stream().map(name -> new NewTopic(name, PARTITIONS, (short) 1)).toList();
            for (var created : admin.createTopics(wanted).values().values()) {
                try {
                    created.get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            await("every partition of " + TOPICS + " led").atMost(timeout).pollInterval(Duration.ofMillis(50))
                    .until(() -> admin.describeTopics(TOPICS).allTopicNames().get().values().stream()
                            .allMatch(topic -> topic.partitions().stream()
                                    .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty())));
        }
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /**
     * The broker as a process of its own, so a local stack or a system test can kill or freeze it alone. Arguments:
     * broker port, controller port, log dir. Stops on SIGTERM.
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: KafkaBroker <broker port> <controller port> <log dir>");
            System.exit(2);
        }
        // the broker's own log, INFO and up, to standard error, which the launcher writes to logs/kafka.log
        Logger root = Logger.getLogger("");
        ConsoleHandler console = new ConsoleHandler();
        console.setLevel(Level.INFO);
        root.addHandler(console);
        root.setLevel(Level.INFO);
        KafkaBroker broker;
        try {
            broker = start(Integer.parseInt(args[0]), Integer.parseInt(args[1]), Path.of(args[2]));
        } catch (Throwable e) {
            e.printStackTrace();
            // the broker's threads would keep the JVM alive; the launcher must see it end
            Runtime.getRuntime().halt(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "lainaamo-kafka-stop"));
        System.out.println("Kafka broker ready on " + broker.bootstrapServers() + ", log in " + args[2]);
        broker.server.awaitShutdown();
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    static void deleteQuietly(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
