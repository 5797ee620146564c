package fi.lainaamo.license;

import fi.lainaamo.devinfra.Ports;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Map;

/**
 * The distributor allow-list of the tests, host <em>and port</em> as in production: the ports the tests' distributors
 * (WireMock, the ODL simulator) listen on are chosen here, before the service starts, and only they are allowed.
 * Every other port of this host (the service itself, loan-service's stand-in) is as out of reach as it must be.
 */
public class DistributorPorts implements QuarkusTestResourceLifecycleManager {

    /** The tests' distributors, each with its own allowed port. */
    public enum Distributor {
        /** WireMock of the import tests, as {@code localhost}. */
        FEEDS("localhost"),
        /** A second distributor host ({@code 127.0.0.1}), where a feed may continue. */
        OTHER_HOST("127.0.0.1"),
        /** The ODL 1.0 simulator of the checkout tests. */
        SIMULATOR("localhost"),
        /** Allowed, but nothing listens there: an unreachable distributor. */
        CLOSED("localhost");

        public final String host;

        Distributor(String host) {
            this.host = host;
        }

        public int port() {
            return ConfigProvider.getConfig().getValue("lainaamo.test.distributor-port." + name().toLowerCase(), Integer.class);
        }

        public String baseUrl() {
            return "http://" + host + ":" + port();
        }
    }

    @Override
    public Map<String, String> start() {
        StringBuilder allowed = new StringBuilder();
        Map<String, String> config = new java.util.HashMap<>();
        for (Distributor d : Distributor.values()) {
            int port = Ports.free();
            config.put("lainaamo.test.distributor-port." + d.name().toLowerCase(), String.valueOf(port));
            allowed.append(allowed.isEmpty() ? "" : ",").append(d.host).append(':').append(port);
        }
        config.put("lainaamo.distributors.allowed-hosts", allowed.toString());
        return config;
    }

    @Override
    public void stop() {
        // nothing runs here: the tests start and stop their distributors on these ports
    }
}
