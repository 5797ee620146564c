package fi.lainaamo.devinfra;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for servers started by tests. Taken below Linux's ephemeral range (32768–60999): a port from
 * that range, free when asked, could be taken by any outgoing connection (a Kafka client, a JDBC pool) before the
 * process it was meant for binds it — seen as "Address already in use" when a stack of ten JVMs starts.
 */
public final class Ports {
    private static final int FIRST = 20_000;
    private static final int LAST = 32_000;

    private Ports() {
    }

    public static int free() {
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FIRST, LAST);
            try (ServerSocket socket = new ServerSocket(port)) {
                socket.setReuseAddress(true);
                return socket.getLocalPort();
            } catch (IOException taken) {
                // in use: another one
            }
        }
        throw new IllegalStateException("no free port between " + FIRST + " and " + LAST);
    }
}
