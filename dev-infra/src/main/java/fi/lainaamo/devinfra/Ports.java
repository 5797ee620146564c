package fi.lainaamo.devinfra;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for servers started by tests. Taken below Linux's ephemeral range (32768–60999): a port from
 * that range, free when asked, could be taken by any outgoing connection (a Kafka client, a JDBC pool) before the
 * process it was meant for binds it — seen as "Address already in use" when a stack of ten JVMs starts.
 * A port is handed out once per JVM: a stack picks some thirty ports before its services bind them, and a random
 * pick that is free only because its first taker has not bound it yet would start two servers on one port (one of
 * them stopping with "Address already in use"; by the birthday arithmetic about one stack start in forty with two
 * instances of each service).
 */
public final class Ports {
    private static final int FIRST = 20_000;
    private static final int LAST = 32_000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private Ports() {
    }

    public static int free() {
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FIRST, LAST);
            if (HANDED_OUT.contains(port)) {
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
}
