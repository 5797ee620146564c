package fi.lainaamo.devinfra;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small TCP round-robin in front of the instances of one service, as a Kubernetes Service is in front of its pods:
 * each new connection goes to the next instance that accepts it, so a killed instance is skipped at once and the
 * survivors take its share. It balances connections, not requests: a client that keeps a connection open stays on
 * one instance until the connection ends (tests that must alternate call the instances' own URLs). For the local
 * stack and the tests only; thread per direction of a connection.
 */
final class RoundRobin implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MILLIS = 1_000;

    private final String name;
    private final ServerSocket server;
    private final List<Integer> backends;
    private final AtomicInteger next = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private RoundRobin(String name, ServerSocket server, List<Integer> backends) {
        this.name = name;
        this.server = server;
        this.backends = List.copyOf(backends);
    }

    /** Listens on the port (loopback and every address, as the services do) and forwards to the backends' ports on the loopback. */
    static RoundRobin start(String name, int port, List<Integer> backends) {
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(port), 512);
            RoundRobin proxy = new RoundRobin(name, server, backends);
            Thread accept = new Thread(proxy::acceptLoop, "round-robin-" + name);
            accept.setDaemon(true);
            accept.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not listen on port " + port + " for " + name, e);
        }
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            Thread connect = new Thread(() -> connect(client), "round-robin-" + name + "-connect");
            connect.setDaemon(true);
            connect.start();
        }
    }

    /** To the next instance in turn that accepts the connection; none does: the client's connection is closed. */
    private void connect(Socket client) {
        int first = Math.floorMod(next.getAndIncrement(), backends.size());
        for (int i = 0; i < backends.size(); i++) {
            int port = backends.get((first + i) % backends.size());
            Socket backend = new Socket();
            try {
                backend.setTcpNoDelay(true);
                backend.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_TIMEOUT_MILLIS);
                client.setTcpNoDelay(true);
                open.add(client);
                open.add(backend);
                pump(client, backend, "in");
                pump(backend, client, "out");
                return;
            } catch (IOException refused) {
                closeQuietly(backend); // that instance is down: the next one
            }
        }
        closeQuietly(client);
    }

    private void pump(Socket from, Socket to, String direction) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException ended) {
                // one side closed or reset: the other side is closed below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "round-robin-" + name + "-" + direction);
        pump.setDaemon(true);
        pump.start();
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
        open.forEach(this::closeQuietly);
    }
}
