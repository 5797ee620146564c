package fi.lainaamo.devinfra;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for servers started by tests. Taken below Linux's ephemeral range (32768–60999): a port from
 * that range, free when asked, could be taken by any outgoing connection (a Kafka client, a JDBC pool) before the
 * process it was meant for binds it — seen as "Address already in use" when a stack of ten JVMs starts.
 * A port is handed out once per JVM: a stack picks some thirty ports before its services bind them, and a random
 * pick that is free only because its first taker has not bound it yet would start two servers on one port (one of
 * them stopping with "Address already in use"; by the birthday arithmetic about one stack start in forty with two
 * instances of each service). Across JVMs (a parallel build runs two modules' tests at once, each starting its
 * PostgreSQL and Kafka) a port is claimed by a lock on a file of its own in {@code <tmp>/lainaamo-ports}, held until
 * this JVM ends; the operating system lets the lock go however the JVM ends.
 */
public final class Ports {
    private static final int FIRST = 20_000;
    private static final int LAST = 32_000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    private static final Path CLAIMS = Path.of(System.getProperty("java.io.tmpdir"), "lainaamo-ports");
    /** The claims' open files: closing one would let its lock go. */
    private static final List<FileChannel> CLAIMED = new CopyOnWriteArrayList<>();

    private Ports() {
    }

    public static int free() {
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FIRST, LAST);
            if (HANDED_OUT.contains(port) || !claim(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket(port)) {
                socket.setReuseAddress(true);
            } catch (IOException taken) {
                continue; // in use: another one
            }
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port between " + FIRST + " and " + LAST);
    }

    /** Whether this JVM now holds the port's claim: false when another JVM holds it (or this one, picked before). */
    private static boolean claim(int port) {
        try {
            Files.createDirectories(CLAIMS);
            Optional<FileChannel> held = FileLocks.tryHold(CLAIMS.resolve(port + ".lock"));
            held.ifPresent(CLAIMED::add);
            return held.isPresent();
        } catch (IOException noClaims) {
            // no writable temp dir: the bind check and this JVM's own set still keep most collisions away
            return true;
        }
    }
}
