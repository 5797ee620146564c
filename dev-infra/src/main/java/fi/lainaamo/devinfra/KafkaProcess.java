package fi.lainaamo.devinfra;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Kafka broker ({@link KafkaBroker#main}) as a JVM of its own next to the launcher, so it can be killed, frozen
 * and started again alone, on the same ports and the same log dir, while the services keep running.
 */
final class KafkaProcess {

    // the readiness check's admin client would otherwise print its whole configuration each time
    private static final Logger KAFKA_CLIENT_LOG = Logger.getLogger("org.apache.kafka");

    static {
        KAFKA_CLIENT_LOG.setLevel(Level.WARNING);
    }

    private final int port;
    private final int controllerPort;
    private final Path logDir;
    private final Path logFile;
    private final Consumer<String> onUnexpectedExit;
    private final Path outlive;
    private ChildJvm jvm;

    private KafkaProcess(int port, int controllerPort, Path logDir, Path logFile, Consumer<String> onUnexpectedExit,
                         Path outlive) {
        this.port = port;
        this.controllerPort = controllerPort;
        this.logDir = logDir;
        this.logFile = logFile;
        this.onUnexpectedExit = onUnexpectedExit;
        this.outlive = outlive;
    }

    /**
     * Starts the broker and waits until it answers. Should this JVM be killed, the broker stops once the processes
     * listed in {@code outlive} are gone (up to {@link ChildJvm#GRACE}): the services stopping at the same time
     * can then still leave their consumer groups, which a restarted broker would otherwise keep assigning to the
     * departed members until their sessions expire (45 s).
     */
    static KafkaProcess start(int port, int controllerPort, Path logDir, Path logFile, Consumer<String> onUnexpectedExit,
                              Path outlive) throws Exception {
        KafkaProcess kafka = new KafkaProcess(port, controllerPort, logDir, logFile, onUnexpectedExit, outlive);
        kafka.startAgain();
        return kafka;
    }

    String bootstrapServers() {
        return "localhost:" + port;
    }

    synchronized long pid() {
        return jvm.pid();
    }

    /** Starts the broker JVM (again) and waits until it answers a metadata request; returns how long that took. */
    synchronized Duration startAgain() throws Exception {
        if (jvm != null && jvm.isAlive()) {
            throw new IllegalStateException("the Kafka broker is already running (pid " + jvm.pid() + ")");
        }
        Instant begin = Instant.now();
        Files.createDirectories(logDir);
        // the launcher's class path holds dev-infra and the Kafka server jars (surefire's manifest-only jar names them)
        jvm = ChildJvm.start("kafka", List.of("-Xmx512m", "-XX:+UseSerialGC",
                        "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                        "-cp", System.getProperty("java.class.path"), KafkaBroker.class.getName(),
                        String.valueOf(port), String.valueOf(controllerPort), logDir.toString()),
                Map.of(), logFile, onUnexpectedExit, outlive);
        awaitReady(Duration.ofSeconds(120));
        return Duration.between(begin, Instant.now());
    }

    /** SIGKILL: the broker loses what it had not written to its log files. */
    synchronized void kill() {
        jvm.kill();
    }

    /** SIGTERM: a controlled shutdown. */
    synchronized void stop() {
        if (jvm != null) {
            jvm.stop();
        }
    }

    synchronized void freeze() {
        jvm.freeze();
    }

    synchronized void thaw() {
        jvm.thaw();
    }

    private void awaitReady(Duration timeout) throws Exception {
        Instant end = Instant.now().plus(timeout);
        while (!accepts() && Instant.now().isBefore(end)) {
            checkAlive();
            jvm.waitFor(Duration.ofMillis(200)); // returns at once if it dies
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
            while (Instant.now().isBefore(end)) {
                checkAlive();
                try {
                    if (!admin.describeCluster(new DescribeClusterOptions().timeoutMs(5000)).nodes().get().isEmpty()) {
                        return;
                    }
                } catch (java.util.concurrent.ExecutionException notYet) {
                    // still starting
                }
                jvm.waitFor(Duration.ofMillis(200));
            }
        }
        throw new IllegalStateException("the Kafka broker did not answer within " + timeout + "; its log: " + logFile);
    }

    private void checkAlive() {
        if (!jvm.isAlive()) {
            throw new IllegalStateException(jvm.exitDescription());
        }
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 500);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }
}
